package io.consilium.llm.sample;

/**
 * The token candidates of one sampling step: ids and logits, most likely first once sorted. Built
 * by partial selection so the whole vocabulary is never sorted.
 */
final class Candidates {
    int[] ids;
    float[] logits;
    int size;
    boolean sorted;

    Candidates(int capacity) {
        ids = new int[capacity];
        logits = new float[capacity];
    }

    /** All tokens with a logit above negative infinity, unsorted. */
    static Candidates all(float[] logits) {
        Candidates c = new Candidates(logits.length);
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] != Float.NEGATIVE_INFINITY && !Float.isNaN(logits[i])) {
                c.ids[c.size] = i;
                c.logits[c.size] = logits[i];
                c.size++;
            }
        }
        return c;
    }

    /** The k best of these candidates as new candidates, sorted best first (a size-k min-heap over one pass). */
    Candidates best(int k) {
        k = Math.min(k, size);
        Candidates out = new Candidates(k);
        int[] hi = out.ids;
        float[] hl = out.logits;
        int h = 0;
        for (int i = 0; i < size; i++) {
            int id = ids[i];
            float l = logits[i];
            if (h < k) {
                int j = h++;
                while (j > 0) {
                    int p = (j - 1) >>> 1;
                    if (!worse(l, id, hl[p], hi[p])) {
                        break;
                    }
                    hi[j] = hi[p];
                    hl[j] = hl[p];
                    j = p;
                }
                hi[j] = id;
                hl[j] = l;
            } else if (k > 0 && worse(hl[0], hi[0], l, id)) {
                siftDown(hi, hl, k, id, l);
            }
        }
        out.size = k;
        out.sort();
        return out;
    }

    /** Keeps the first n candidates. */
    void truncate(int n) {
        size = Math.min(size, n);
    }

    /** Whether (l1, id1) ranks below (l2, id2): lower logit, or equal logit and higher id. */
    private static boolean worse(float l1, int id1, float l2, int id2) {
        return l1 < l2 || (l1 == l2 && id1 > id2);
    }

    private static void siftDown(int[] hi, float[] hl, int n, int id, float l) {
        int j = 0;
        while (true) {
            int c = 2 * j + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && worse(hl[c + 1], hi[c + 1], hl[c], hi[c])) {
                c++;
            }
            if (!worse(hl[c], hi[c], l, id)) {
                break;
            }
            hi[j] = hi[c];
            hl[j] = hl[c];
            j = c;
        }
        hi[j] = id;
        hl[j] = l;
    }

    /** Sorts best first; ties by lower id. Only used on already-small candidate sets. */
    void sort() {
        if (sorted) {
            return;
        }
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            keys[i] = ((long) descendingKey(logits[i]) << 32) | (ids[i] & 0xffffffffL);
        }
        java.util.Arrays.sort(keys);
        for (int i = 0; i < size; i++) {
            int id = (int) keys[i];
            ids[i] = id;
        }
        float[] copy = new float[size];
        for (int i = 0; i < size; i++) {
            copy[i] = logitOf(keys[i]);
        }
        System.arraycopy(copy, 0, logits, 0, size);
        sorted = true;
    }

    /** An int that orders like -logit. */
    private static int descendingKey(float f) {
        int bits = Float.floatToIntBits(f);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return ~sortable;
    }

    private static float logitOf(long key) {
        int sortable = ~(int) (key >> 32);
        int bits = sortable ^ ((sortable >> 31) & 0x7fffffff);
        return Float.intBitsToFloat(bits);
    }

    float maxLogit() {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < size; i++) {
            m = Math.max(m, logits[i]);
        }
        return m;
    }
}
