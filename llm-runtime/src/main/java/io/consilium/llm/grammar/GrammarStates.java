package io.consilium.llm.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The grammar's parser states, interned and numbered as they are discovered, with memoised code-point
 * transitions: a lazily built automaton. A state is the set of parser stacks (positions, top last) whose top is a
 * character class; the empty stack means "the root rule can end here". Thread-safe (one lock: states are cheap
 * to build and shared by every sequence that uses the grammar).
 */
public final class GrammarStates {
    /** Deeper expansion than this without consuming a character means left recursion. */
    private static final int MAX_DEPTH = 2_000;
    /** A partial UTF-8 character: bits 28..30 = its length, 24..27 = bytes still missing, 0..20 = the value so far. */
    static final int NO_PARTIAL = 0;

    private record Key(int[][] stacks) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.deepEquals(k.stacks, stacks);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(stacks);
        }
    }

    private final Grammar g;
    private final Map<Key, Integer> ids = new HashMap<>();
    private final List<int[][]> states = new ArrayList<>();
    private final List<Integer> distance = new ArrayList<>();
    private final Map<Long, Integer> transitions = new HashMap<>();
    /** Per state, the ASCII transitions (the bulk of a trie walk) without boxing: -2 = not computed yet. */
    private final List<int[]> ascii = new ArrayList<>();
    private final int initial;

    public GrammarStates(Grammar g) {
        this.g = g;
        List<int[]> start = new ArrayList<>();
        for (int alt : g.alts[g.root]) {
            expand(new int[] {alt}, 1, start, 0);
        }
        this.initial = intern(start);
    }

    public Grammar grammar() {
        return g;
    }

    public int initial() {
        return initial;
    }

    public synchronized int stateCount() {
        return states.size();
    }

    /**
     * Which of the state's stacks a code point would move on, as bits (stack i = bit i); code points with equal
     * bits lead to the same next state. -1 when the state has more than 63 stacks (no grouping then).
     */
    synchronized long matchBits(int state, int cp) {
        int[][] stacks = states.get(state);
        if (stacks.length > 63) {
            return -1;
        }
        long bits = 0;
        for (int i = 0; i < stacks.length; i++) {
            int[] st = stacks[i];
            if (st.length > 0 && g.classes[g.arg[st[st.length - 1]]].matches(cp)) {
                bits |= 1L << i;
            }
        }
        return bits;
    }

    /** Whether the text so far is a complete sentence of the grammar. */
    public synchronized boolean accepting(int state) {
        for (int[] s : states.get(state)) {
            if (s.length == 0) {
                return true;
            }
        }
        return false;
    }

    /** Whether any character can follow (false: the only way on is to stop). */
    public synchronized boolean canContinue(int state) {
        for (int[] s : states.get(state)) {
            if (s.length > 0) {
                return true;
            }
        }
        return false;
    }

    /** The fewest code points that complete a sentence from this state. */
    public synchronized int distance(int state) {
        return distance.get(state);
    }

    /** The state after {@code cp}, or -1 when the grammar does not allow it here. */
    public synchronized int next(int state, int cp) {
        int[] fast = null;
        if (cp < 128) {
            fast = ascii.get(state);
            if (fast[cp] != -2) {
                return fast[cp];
            }
        }
        long key = (long) state * 0x110000L + cp;
        Integer known = transitions.get(key);
        if (known != null) {
            return known;
        }
        List<int[]> out = new ArrayList<>();
        for (int[] s : states.get(state)) {
            if (s.length == 0) {
                continue;
            }
            int p = s[s.length - 1];
            if (g.classes[g.arg[p]].matches(cp)) {
                int[] moved = s.clone();
                moved[moved.length - 1] = p + 1;
                expand(moved, moved.length, out, 0);
            }
        }
        int id = out.isEmpty() ? -1 : intern(out);
        if (fast != null) {
            fast[cp] = id;
        } else {
            transitions.put(key, id);
        }
        return id;
    }

    /**
     * Feeds one byte of UTF-8 text. Returns the packed (state, partial) pair after it, or -1 when no character
     * that could start with the bytes so far is allowed.
     */
    public long nextByte(long statePartial, int b) {
        int state = (int) (statePartial >>> 32);
        int partial = (int) statePartial;
        b &= 0xFF;
        if (partial == NO_PARTIAL) {
            if (b < 0x80) {
                return pack(next(state, b), NO_PARTIAL);
            }
            int total;
            int value;
            if (b >= 0xC2 && b <= 0xDF) {
                total = 2;
                value = b & 0x1F;
            } else if ((b & 0xF0) == 0xE0) {
                total = 3;
                value = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                total = 4;
                value = b & 0x07;
            } else {
                return -1;
            }
            int p = total << 28 | (total - 1) << 24 | value;
            return feasible(state, p) ? pack(state, p) : -1;
        }
        if ((b & 0xC0) != 0x80) {
            return -1;
        }
        int total = partial >>> 28;
        int need = (partial >>> 24 & 0xF) - 1;
        int value = (partial & 0xFFFFFF) << 6 | (b & 0x3F);
        if (need == 0) {
            if (value < MIN_CP[total] || value > CharClass.MAX_CP || value >= 0xD800 && value <= 0xDFFF) {
                return -1;
            }
            return pack(next(state, value), NO_PARTIAL);
        }
        int p = total << 28 | need << 24 | value;
        return feasible(state, p) ? pack(state, p) : -1;
    }

    /** The smallest code point a UTF-8 sequence of each length may encode (shorter forms are overlong). */
    private static final int[] MIN_CP = {0, 0, 0x80, 0x800, 0x10000};

    /** The code points a partial character can still become, as up to two ranges (surrogates cut out). */
    private static int[] candidates(int partial) {
        int total = partial >>> 28;
        int need = partial >>> 24 & 0xF;
        int lo = Math.max((partial & 0xFFFFFF) << (6 * need), MIN_CP[total]);
        int hi = Math.min(((partial & 0xFFFFFF) << (6 * need)) | ((1 << (6 * need)) - 1), CharClass.MAX_CP);
        int[] out = new int[4];
        int k = 0;
        if (lo <= Math.min(hi, 0xD7FF)) {
            out[k++] = lo;
            out[k++] = Math.min(hi, 0xD7FF);
        }
        if (Math.max(lo, 0xE000) <= hi) {
            out[k++] = Math.max(lo, 0xE000);
            out[k++] = hi;
        }
        return java.util.Arrays.copyOf(out, k);
    }

    private boolean topIntersects(int[] s, int[] ranges) {
        CharClass c = g.classes[g.arg[s[s.length - 1]]];
        for (int i = 0; i < ranges.length; i += 2) {
            if (c.intersects(ranges[i], ranges[i + 1])) {
                return true;
            }
        }
        return false;
    }

    public static long pack(int state, int partial) {
        return state < 0 ? -1 : (long) state << 32 | (partial & 0xFFFFFFFFL);
    }

    public static int stateOf(long statePartial) {
        return (int) (statePartial >>> 32);
    }

    public static int partialOf(long statePartial) {
        return (int) statePartial;
    }

    /**
     * The fewest tokens that finish a sentence from this point when every character can be written one token per
     * byte: for a partial character, the missing bytes plus the best continuation of a stack it can still match.
     */
    public synchronized int distance(long statePartial) {
        int state = stateOf(statePartial);
        int partial = partialOf(statePartial);
        if (partial == NO_PARTIAL) {
            return distance.get(state);
        }
        int[] ranges = candidates(partial);
        int best = Grammar.INF;
        for (int[] s : states.get(state)) {
            if (s.length > 0 && topIntersects(s, ranges)) {
                // the partial character replaces the top class's own cost: its missing bytes are added below
                best = Math.min(best, stackDistance(s) - g.charCost(s[s.length - 1]));
            }
        }
        return (partial >>> 24 & 0xF) + best;
    }

    private synchronized boolean feasible(int state, int partial) {
        int[] ranges = candidates(partial);
        for (int[] s : states.get(state)) {
            if (s.length > 0 && topIntersects(s, ranges)) {
                return true;
            }
        }
        return false;
    }

    private int stackDistance(int[] s) {
        int d = 0;
        for (int p : s) {
            d += g.remaining[p];
        }
        return d;
    }

    /** Expands the top of a stack until it is a character class (or the stack is empty), adding results to out. */
    private void expand(int[] stack, int len, List<int[]> out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new GrammarError("grammar: rule '" + g.ruleNames[ruleAt(stack[len - 1])]
                    + "' is left-recursive (it can reach itself without reading a character); rewrite it");
        }
        if (len == 0) {
            out.add(new int[0]);
            return;
        }
        int p = stack[len - 1];
        switch (g.kind[p]) {
            case Grammar.END -> expand(stack, len - 1, out, depth + 1);
            case Grammar.CHAR -> out.add(Arrays.copyOf(stack, len));
            default -> {
                int rule = g.arg[p];
                boolean tail = g.kind[p + 1] == Grammar.END;
                int base = tail ? len - 1 : len;
                for (int alt : g.alts[rule]) {
                    int[] next = Arrays.copyOf(stack, base + 1);
                    if (!tail) {
                        next[len - 1] = p + 1;
                    }
                    next[base] = alt;
                    expand(next, base + 1, out, depth + 1);
                }
            }
        }
    }

    private int ruleAt(int pos) {
        for (int r = 0; r < g.alts.length; r++) {
            for (int a : g.alts[r]) {
                int p = a;
                while (g.kind[p] != Grammar.END) {
                    p++;
                }
                if (pos >= a && pos <= p) {
                    return r;
                }
            }
        }
        return g.root;
    }

    private int intern(List<int[]> stacks) {
        int[][] arr = stacks.toArray(int[][]::new);
        Arrays.sort(arr, Arrays::compare);
        int k = 0;
        for (int i = 0; i < arr.length; i++) {
            if (k == 0 || !Arrays.equals(arr[k - 1], arr[i])) {
                arr[k++] = arr[i];
            }
        }
        int[][] canon = Arrays.copyOf(arr, k);
        Key key = new Key(canon);
        Integer id = ids.get(key);
        if (id != null) {
            return id;
        }
        int best = Grammar.INF;
        for (int[] s : canon) {
            best = Math.min(best, stackDistance(s));
        }
        states.add(canon);
        distance.add(best);
        int[] fast = new int[128];
        Arrays.fill(fast, -2);
        ascii.add(fast);
        ids.put(key, states.size() - 1);
        return states.size() - 1;
    }
}
