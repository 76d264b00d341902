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
    /** Per state, its transition for each atom: -2 = not asked yet, -1 = refused. */
    private final List<int[]> rows = new ArrayList<>();

    AtomMasks(GrammarStates states, TokenAtoms atoms) {
        this.states = states;
        this.atoms = atoms;
    }

    int step(int state, int atom) {
        while (rows.size() <= state) {
            rows.add(null);
        }
        int[] row = rows.get(state);
        if (row == null) {
            row = new int[atoms.atomCount];
            Arrays.fill(row, -2);
            rows.set(state, row);
        }
        int v = row[atom];
        if (v == -2) {
            v = states.next(state, atoms.rep[atom]);
            row[atom] = v;
        }
        return v;
    }

    /** The mask of {@code state} (no partial character): every token the grammar allows, ids ascending. */
    TokenMasker.Mask collect(int state) {
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
        if (bits == null || bits.length < (vocab + 63) >>> 6) {
            bits = new long[(vocab + 63) >>> 6];
            afterBy = new long[vocab];
            distBy = new int[vocab];
        }
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
        // gather in id order, clearing the scratch bits for the next mask
        int count = 0;
        for (long word : bits) {
            count += Long.bitCount(word);
        }
        int[] tokens = new int[count];
        long[] after = new long[count];
        int[] dist = new int[count];
        int j = 0;
        int maxDist = 0;
        for (int i = 0; i < bits.length; i++) {
            long word = bits[i];
            bits[i] = 0;
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
        return new TokenMasker.Mask(tokens, after, dist, maxDist);
    }

    // per-mask scratch (callers hold the automaton's lock, so one set serves every mask)
    private long[][] keep;
    private int[] chain;
    private int[] chainDist;
    private int depth;
    private long[] bits;
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
                    put(order[i], chain[n], chainDist[n]);
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
        bits[t >>> 6] |= 1L << t;
        afterBy[t] = GrammarStates.pack(s, GrammarStates.NO_PARTIAL);
        distBy[t] = dist;
    }

    private void irregular(int state, int t) {
        long sp = GrammarStates.pack(state, GrammarStates.NO_PARTIAL);
        for (byte b : atoms.bytes[t]) {
            sp = states.nextByte(sp, b);
            if (sp < 0) {
                return;
            }
        }
        bits[t >>> 6] |= 1L << t;
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
