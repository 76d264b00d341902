package io.consilium.llm.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * First-sight masks without a trie walk. From a state, the atoms that lead to the same next state as the most
 * common first characters form a group; following that group gives a chain of states s1, s2, ... and a shrinking
 * set of atoms U1 ⊇ U2 ⊇ ... that keep to the chain. A token of n characters, all in Un, ends exactly in sn, so
 * inside a string, a number or any other character-class loop nearly the whole vocabulary is decided by one subset
 * test per token; a token whose first character the state refuses is dropped at once; only the few left (say a
 * string's closing quote followed by more) are stepped through character by character, over memoised per-atom
 * transitions. The result is the same set of tokens and states as walking the trie. Callers hold the automaton's
 * lock ({@code synchronized (states)}), which also guards the transition rows here.
 */
final class AtomMasks {
    private final GrammarStates states;
    private final TokenAtoms atoms;
    /** Per state (computed whole on first use), its transition for each atom: -1 = refused. */
    private final List<int[]> rows = new ArrayList<>();
    /** Per state, the step for each single byte (irregular tokens are mostly lone bytes of a longer character). */
    private final List<long[]> byteRows = new ArrayList<>();

    AtomMasks(GrammarStates states, TokenAtoms atoms) {
        this.states = states;
        this.atoms = atoms;
    }

    int step(int state, int atom) {
        int[] row = state < rows.size() ? rows.get(state) : null;
        return row != null ? row[atom] : row(state)[atom];
    }

    /** All of a state's atom transitions at once: atoms that move the same stacks share one automaton step. */
    private int[] row(int state) {
        while (rows.size() <= state) {
            rows.add(null);
        }
        int k = atoms.atomCount;
        int[] row = new int[k];
        java.util.HashMap<Long, Integer> bySignature = new java.util.HashMap<>();
        for (int a = 0; a < k; a++) {
            long bits = states.matchBits(state, atoms.rep[a]);
            if (bits == 0) {
                row[a] = -1;
            } else if (bits < 0) {
                row[a] = states.next(state, atoms.rep[a]);
            } else {
                Integer known = bySignature.get(bits);
                if (known == null) {
                    known = states.next(state, atoms.rep[a]);
                    bySignature.put(bits, known);
                }
                row[a] = known;
            }
        }
        rows.set(state, row);
        return row;
    }

    /** The packed (state, partial) after one byte from a state without a partial character, memoised. */
    private long byteStep(int state, int b) {
        while (byteRows.size() <= state) {
            byteRows.add(null);
        }
        long[] row = byteRows.get(state);
        if (row == null) {
            row = new long[256];
            java.util.Arrays.fill(row, Long.MIN_VALUE);
            byteRows.set(state, row);
        }
        long v = row[b & 0xFF];
        if (v == Long.MIN_VALUE) {
            v = states.nextByte(GrammarStates.pack(state, GrammarStates.NO_PARTIAL), b);
            row[b & 0xFF] = v;
        }
        return v;
    }

    /** The mask of {@code state} (no partial character): every token the grammar allows. */
    Mask collect(int state) {
        int k = atoms.atomCount;
        int w = atoms.words;
        int[] firstStep = new int[k];
        for (int a = 0; a < k; a++) {
            firstStep[a] = step(state, a);
        }
        int limit = atoms.maxLength;
        keep = new long[limit + 1][];
        chain = new int[limit + 1];
        depth = 0;
        int target = majority(firstStep, true);
        if (target >= 0) {
            keep[1] = new long[w];
            for (int a = 0; a < k; a++) {
                if (firstStep[a] == target) {
                    keep[1][a >>> 6] |= 1L << a;
                }
            }
            chain[1] = target;
            depth = 1;
            int[] next = new int[k];
            while (depth < limit) {
                long[] u = keep[depth];
                int cur = chain[depth];
                if (cur < 0) {
                    // the chain is refused here: every longer token of its atoms is refused too
                    keep[depth + 1] = u;
                    chain[depth + 1] = -1;
                    depth++;
                    continue;
                }
                for (int a = 0; a < k; a++) {
                    next[a] = (u[a >>> 6] & 1L << a) != 0 ? step(cur, a) : -3;
                }
                int t = majority(next, false);
                long[] v = new long[w];
                boolean any = false;
                for (int a = 0; a < k; a++) {
                    if (next[a] == t && next[a] != -3) {
                        v[a >>> 6] |= 1L << a;
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
                keep[depth + 1] = v;
                chain[depth + 1] = t;
                depth++;
            }
        }
        chainDist = new int[depth + 1];
        for (int i = 1; i <= depth; i++) {
            chainDist[i] = chain[i] >= 0 ? states.distance(chain[i]) : 0;
        }
        int vocab = atoms.length.length;
        if (explicitBits == null || explicitBits.length < (vocab + 63) >>> 6) {
            explicitBits = new long[(vocab + 63) >>> 6];
            afterBy = new long[vocab];
            distBy = new int[vocab];
        }
        allowed = new long[(vocab + 63) >>> 6];
        chainUsed = new boolean[depth + 1];
        int[] cs = atoms.childStart;
        for (int c = cs[0]; c < atoms.childEnd[0]; c++) {
            int s = firstStep[atoms.childAtom[c]];
            if (s >= 0) {
                visit(atoms.childNode[c], s);
            }
        }
        for (int t : atoms.irregular) {
            irregular(state, t);
        }
        // gather the explicit ones in id order, clearing the scratch bits for the next mask
        int count = 0;
        for (long word : explicitBits) {
            count += Long.bitCount(word);
        }
        int[] tokens = new int[count];
        long[] after = new long[count];
        int[] dist = new int[count];
        int j = 0;
        int maxDist = 0;
        for (int i = 0; i < explicitBits.length; i++) {
            long word = explicitBits[i];
            explicitBits[i] = 0;
            while (word != 0) {
                int t = i << 6 | Long.numberOfTrailingZeros(word);
                word &= word - 1;
                tokens[j] = t;
                after[j] = afterBy[t];
                int d = distBy[t];
                dist[j++] = d;
                maxDist = Math.max(maxDist, d);
            }
        }
        for (int n = 1; n <= depth; n++) {
            if (chainUsed[n]) {
                maxDist = Math.max(maxDist, chainDist[n]);
            }
        }
        Mask m = new Mask(allowed, tokens, after, dist, chain, chainDist, atoms.length, maxDist);
        allowed = null;
        return m;
    }

    // per-mask scratch (callers hold the automaton's lock, so one set serves every mask)
    private long[][] keep;
    private int[] chain;
    private int[] chainDist;
    private int depth;
    private long[] allowed;
    private boolean[] chainUsed;
    private long[] explicitBits;
    private long[] afterBy;
    private int[] distBy;

    /** Trie node {@code node}, reached in automaton state {@code s}. */
    private void visit(int node, int s) {
        int w = atoms.words;
        int max = atoms.subMax[node];
        if (max <= depth && within(atoms.union, node * w, keep[max], w)) {
            // every token below keeps to the chain: each ends where the chain is after its length
            int[] order = atoms.order;
            int[] length = atoms.orderLength;
            for (int i = atoms.subFrom[node], end = atoms.subTo[node]; i < end; i++) {
                int n = length[i];
                if (chain[n] >= 0) {
                    int t = order[i];
                    allowed[t >>> 6] |= 1L << t;
                    chainUsed[n] = true;
                }
            }
            return;
        }
        int ownEnd = atoms.subFrom[node] + atoms.own[node];
        if (atoms.own[node] > 0) {
            int dist = states.distance(s);
            for (int i = atoms.subFrom[node]; i < ownEnd; i++) {
                put(atoms.order[i], s, dist);
            }
        }
        int[] cs = atoms.childStart;
        for (int c = cs[node]; c < atoms.childEnd[node]; c++) {
            int next = step(s, atoms.childAtom[c]);
            if (next >= 0) {
                visit(atoms.childNode[c], next);
            }
        }
    }

    private void put(int t, int s, int dist) {
        allowed[t >>> 6] |= 1L << t;
        explicitBits[t >>> 6] |= 1L << t;
        afterBy[t] = GrammarStates.pack(s, GrammarStates.NO_PARTIAL);
        distBy[t] = dist;
    }

    private void irregular(int state, int t) {
        byte[] bytes = atoms.bytes[t];
        long sp = byteStep(state, bytes[0]);
        for (int i = 1; i < bytes.length && sp >= 0; i++) {
            sp = states.nextByte(sp, bytes[i]);
        }
        if (sp < 0) {
            return;
        }
        allowed[t >>> 6] |= 1L << t;
        explicitBits[t >>> 6] |= 1L << t;
        afterBy[t] = sp;
        distBy[t] = states.distance(sp);
    }

    private static boolean within(long[] sets, int at, long[] u, int w) {
        for (int i = 0; i < w; i++) {
            if ((sets[at + i] & ~u[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The most common next state among the atoms considered (-3 = not considered), weighted by how many tokens
     * start with each atom. At the first step only accepted states count; further on refusal (-1) may win too.
     */
    private int majority(int[] next, boolean acceptedOnly) {
        int best = -3;
        long bestWeight = -1;
        boolean[] done = new boolean[next.length];
        for (int a = 0; a < next.length; a++) {
            int t = next[a];
            if (done[a] || t == -3 || acceptedOnly && t < 0) {
                continue;
            }
            long weight = 0;
            for (int b = a; b < next.length; b++) {
                if (next[b] == t) {
                    weight += atoms.firstCount[b] + 1;
                    done[b] = true;
                }
            }
            if (weight > bestWeight) {
                bestWeight = weight;
                best = t;
            }
        }
        return acceptedOnly && best < 0 ? -1 : best;
    }
}
