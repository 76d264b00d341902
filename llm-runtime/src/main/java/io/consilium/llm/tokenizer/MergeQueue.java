package io.consilium.llm.tokenizer;

import java.util.Arrays;

/**
 * A binary min-heap of candidate merges ordered by (priority, left symbol index), the order both
 * llama.cpp merge loops use; {@code aux} carries a value checked when the candidate is popped.
 */
final class MergeQueue {
    private long[] prio = new long[64];
    private int[] left = new int[64];
    private int[] aux = new int[64];
    private int n;

    // the most recently popped entry
    long topPrio;
    int topLeft;
    int topAux;

    void clear() {
        n = 0;
    }

    boolean isEmpty() {
        return n == 0;
    }

    void push(long p, int l, int a) {
        if (n == prio.length) {
            prio = Arrays.copyOf(prio, n * 2);
            left = Arrays.copyOf(left, n * 2);
            aux = Arrays.copyOf(aux, n * 2);
        }
        int i = n++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(p, l, prio[parent], left[parent])) {
                break;
            }
            set(i, prio[parent], left[parent], aux[parent]);
            i = parent;
        }
        set(i, p, l, a);
    }

    /** Removes the smallest entry into {@link #topPrio}, {@link #topLeft}, {@link #topAux}. */
    void pop() {
        topPrio = prio[0];
        topLeft = left[0];
        topAux = aux[0];
        n--;
        if (n == 0) {
            return;
        }
        long p = prio[n];
        int l = left[n];
        int a = aux[n];
        int i = 0;
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && less(prio[c + 1], left[c + 1], prio[c], left[c])) {
                c++;
            }
            if (!less(prio[c], left[c], p, l)) {
                break;
            }
            set(i, prio[c], left[c], aux[c]);
            i = c;
        }
        set(i, p, l, a);
    }

    private static boolean less(long p1, int l1, long p2, int l2) {
        return p1 < p2 || (p1 == p2 && l1 < l2);
    }

    private void set(int i, long p, int l, int a) {
        prio[i] = p;
        left[i] = l;
        aux[i] = a;
    }

    /** A priority under which higher scores pop first. */
    static long descending(float score) {
        int bits = Float.floatToIntBits(score);
        int sortable = bits ^ ((bits >> 31) & 0x7fffffff);
        return -(long) sortable;
    }
}
