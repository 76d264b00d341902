package io.consilium.llm.grammar;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The vocabulary summarised against one grammar's character classes. Code points that every class of the grammar
 * treats alike form an "atom" (the parser cannot tell them apart, so from any state they lead to the same next
 * state); each token whose bytes are whole UTF-8 characters becomes a sequence of atoms plus the set of atoms it
 * uses. That is what lets a mask decide whole groups of tokens at once (all tokens made only of string characters,
 * of digits, ...) instead of walking every trie node. Tokens that are not whole characters (byte-fallback pieces)
 * are marked irregular and walked byte by byte. Immutable after construction.
 */
final class TokenAtoms {
    /** Tokens longer than this (in characters) are always walked one by one. */
    static final int MAX_CHAIN = 20;

    /** Interval starts (ascending) and the atom of each interval: code point → atom by binary search. */
    private final int[] starts;
    private final int[] intervalAtom;
    private final int[] asciiAtom = new int[128];
    /** One code point of each atom, fed to the automaton on its behalf. */
    final int[] rep;
    final int atomCount;
    /** Longs per atom set. */
    final int words;
    /** Per token: characters (0 = not offered to the grammar, -1 = irregular bytes). */
    final int[] length;
    /** Per token: its bytes (irregular tokens are walked through them). */
    final byte[][] bytes;
    final int[] irregular;
    /** How many regular tokens start with each atom (to pick the group worth chaining). */
    final int[] firstCount;
    final int maxLength;
    /**
     * The regular tokens as a trie over atoms, node 0 the root. A node's children are {@code childAtom/childNode}
     * from {@code childStart[node]} to {@code childEnd[node]}; its subtree's tokens are {@code order} from
     * {@code subFrom[node]} to {@code subTo[node]}, its own tokens first ({@code own[node]} of them); every token
     * of the subtree, from its first character, uses only the atoms in {@code union} (words per node) and has at most {@code subMax[node]} characters.
     */
    final int[] childStart;
    final int[] childEnd;
    final int[] childAtom;
    final int[] childNode;
    final int[] order;
    /** Characters of each token in {@code order}, by position (saves a random access per token in a bulk add). */
    final int[] orderLength;
    final int[] subFrom;
    final int[] subTo;
    final int[] own;
    final long[] union;
    final int[] subMax;

    TokenAtoms(Grammar g, VocabTrie trie) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        for (CharClass c : g.classes) {
            int[] r = c.ranges();
            for (int i = 0; i < r.length; i += 2) {
                cuts.add(r[i]);
                if (r[i + 1] < CharClass.MAX_CP) {
                    cuts.add(r[i + 1] + 1);
                }
            }
        }
        starts = cuts.stream().mapToInt(Integer::intValue).toArray();
        intervalAtom = new int[starts.length];
        Map<String, Integer> bySignature = new HashMap<>();
        int[] reps = new int[starts.length];
        int atoms = 0;
        for (int i = 0; i < starts.length; i++) {
            int cp = starts[i];
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                cp = i + 1 < starts.length ? Math.min(0xE000, starts[i + 1] - 1) : 0xE000;
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    intervalAtom[i] = -1; // surrogates never occur in decoded text
                    continue;
                }
            }
            StringBuilder sig = new StringBuilder();
            for (CharClass c : g.classes) {
                sig.append(c.matches(cp) ? '1' : '0');
            }
            Integer found = bySignature.get(sig.toString());
            if (found == null) {
                found = atoms;
                bySignature.put(sig.toString(), atoms);
                reps[atoms++] = cp;
            }
            intervalAtom[i] = found;
        }
        rep = Arrays.copyOf(reps, atoms);
        atomCount = atoms;
        words = (atoms + 63) >>> 6;
        for (int cp = 0; cp < 128; cp++) {
            asciiAtom[cp] = atomOfSlow(cp);
        }
        byte[][] pieces = trie.pieces();
        int n = pieces.length;
        length = new int[n];
        bytes = pieces;
        firstCount = new int[atoms];
        Building top = new Building();
        int[] buf = new int[256];
        int longest = 0;
        int[] irr = new int[16];
        int irrCount = 0;
        for (int t = 0; t < n; t++) {
            byte[] b = pieces[t];
            if (b == null || b.length == 0) {
                continue;
            }
            int k = decode(b, buf);
            if (k < 0) {
                length[t] = -1;
                if (irrCount == irr.length) {
                    irr = Arrays.copyOf(irr, irrCount * 2);
                }
                irr[irrCount++] = t;
                continue;
            }
            Building node = top;
            for (int i = 0; i < k; i++) {
                node = node.kids.computeIfAbsent(atomOf(buf[i]), x -> new Building());
            }
            node.tokens.add(t);
            length[t] = k;
            firstCount[atomOf(buf[0])]++;
            longest = Math.max(longest, k);
        }
        irregular = Arrays.copyOf(irr, irrCount);
        maxLength = Math.min(longest, MAX_CHAIN);
        int nodes = top.count();
        childStart = new int[nodes];
        childEnd = new int[nodes];
        childAtom = new int[nodes - 1];
        childNode = new int[nodes - 1];
        order = new int[top.tokenCount()];
        subFrom = new int[nodes];
        subTo = new int[nodes];
        own = new int[nodes];
        union = new long[nodes * words];
        subMax = new int[nodes];
        int[] counters = new int[3]; // next node id, next child slot, next order slot
        counters[0] = 1;
        freeze(top, 0, 0, counters, new long[words]);
        orderLength = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            orderLength[i] = length[order[i]];
        }
    }

    /**
     * Lays out {@code b} as node {@code id} at depth {@code depth}, reached through the atoms {@code path}; children
     * get consecutive ids first. A node's union covers whole tokens: the path to it and everything below.
     */
    private void freeze(Building b, int id, int depth, int[] counters, long[] path) {
        System.arraycopy(path, 0, union, id * words, words);
        subFrom[id] = counters[2];
        for (int t : b.tokens) {
            order[counters[2]++] = t;
        }
        own[id] = b.tokens.size();
        subMax[id] = b.tokens.isEmpty() ? 0 : depth;
        childStart[id] = counters[1];
        int first = counters[0];
        int kids = b.kids.size();
        counters[0] += kids;
        counters[1] += kids;
        childEnd[id] = counters[1];
        int i = 0;
        for (var e : b.kids.entrySet()) {
            childAtom[childStart[id] + i] = e.getKey();
            childNode[childStart[id] + i] = first + i;
            i++;
        }
        i = 0;
        for (var e : b.kids.entrySet()) {
            int kid = first + i++;
            int a = e.getKey();
            long[] kidPath = path.clone();
            kidPath[a >>> 6] |= 1L << a;
            freeze(e.getValue(), kid, depth + 1, counters, kidPath);
            for (int w = 0; w < words; w++) {
                union[id * words + w] |= union[kid * words + w];
            }
            subMax[id] = Math.max(subMax[id], subMax[kid]);
        }
        subTo[id] = counters[2];
    }

    private static final class Building {
        final java.util.TreeMap<Integer, Building> kids = new java.util.TreeMap<>();
        final java.util.List<Integer> tokens = new java.util.ArrayList<>(1);

        int count() {
            int c = 1;
            for (Building k : kids.values()) {
                c += k.count();
            }
            return c;
        }

        int tokenCount() {
            int c = tokens.size();
            for (Building k : kids.values()) {
                c += k.tokenCount();
            }
            return c;
        }
    }

    int atomOf(int cp) {
        return cp < 128 ? asciiAtom[cp] : atomOfSlow(cp);
    }

    private int atomOfSlow(int cp) {
        int i = Arrays.binarySearch(starts, cp);
        return intervalAtom[i >= 0 ? i : -i - 2];
    }

    /**
     * Decodes strict UTF-8 (exactly what {@link GrammarStates#nextByte} accepts as whole characters) into code
     * points; -1 when the bytes are not whole, valid characters or there are more than the buffer holds.
     */
    static int decode(byte[] b, int[] out) {
        int k = 0;
        int i = 0;
        while (i < b.length) {
            if (k == out.length) {
                return -1;
            }
            int x = b[i] & 0xFF;
            int total;
            int v;
            if (x < 0x80) {
                out[k++] = x;
                i++;
                continue;
            } else if (x >= 0xC2 && x <= 0xDF) {
                total = 2;
                v = x & 0x1F;
            } else if ((x & 0xF0) == 0xE0) {
                total = 3;
                v = x & 0x0F;
            } else if (x >= 0xF0 && x <= 0xF4) {
                total = 4;
                v = x & 0x07;
            } else {
                return -1;
            }
            if (i + total > b.length) {
                return -1;
            }
            for (int j = 1; j < total; j++) {
                int c = b[i + j] & 0xFF;
                if ((c & 0xC0) != 0x80) {
                    return -1;
                }
                v = v << 6 | (c & 0x3F);
            }
            int min = total == 2 ? 0x80 : total == 3 ? 0x800 : 0x10000;
            if (v < min || v > CharClass.MAX_CP || v >= 0xD800 && v <= 0xDFFF) {
                return -1;
            }
            out[k++] = v;
            i += total;
        }
        return k;
    }
}
