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
        int[] buf = new int[256];
        int longest = 0;
        int[] irr = new int[16];
        int irrCount = 0;
        // the atom trie, nodes numbered as created: parent, incoming atom, a hash of (parent, atom) -> child
        int cap = 1024;
        int[] parent = new int[cap];
        int[] edge = new int[cap];
        int[] depthOf = new int[cap];
        int nodes = 1;
        ChildMap kids = new ChildMap();
        int[] endNode = new int[n];
        long[] tokenSets = new long[n * words];
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
            int node = 0;
            for (int i = 0; i < k; i++) {
                int a = atomOf(buf[i]);
                tokenSets[t * words + (a >>> 6)] |= 1L << a;
                long key = (long) node * atoms + a;
                int child = kids.get(key);
                if (child < 0) {
                    if (nodes == cap) {
                        cap *= 2;
                        parent = Arrays.copyOf(parent, cap);
                        edge = Arrays.copyOf(edge, cap);
                        depthOf = Arrays.copyOf(depthOf, cap);
                    }
                    child = nodes++;
                    parent[child] = node;
                    edge[child] = a;
                    depthOf[child] = i + 1;
                    kids.put(key, child);
                }
                node = child;
            }
            endNode[t] = node;
            length[t] = k;
            firstCount[atomOf(buf[0])]++;
            longest = Math.max(longest, k);
        }
        irregular = Arrays.copyOf(irr, irrCount);
        maxLength = Math.min(longest, MAX_CHAIN);
        // children in contiguous slots per node
        childStart = new int[nodes];
        childEnd = new int[nodes];
        for (int c = 1; c < nodes; c++) {
            childEnd[parent[c]]++;
        }
        int slot = 0;
        for (int v = 0; v < nodes; v++) {
            childStart[v] = slot;
            slot += childEnd[v];
            childEnd[v] = childStart[v];
        }
        childAtom = new int[Math.max(0, nodes - 1)];
        childNode = new int[Math.max(0, nodes - 1)];
        for (int c = 1; c < nodes; c++) {
            int at = childEnd[parent[c]]++;
            childAtom[at] = edge[c];
            childNode[at] = c;
        }
        // each node's own tokens, then its subtree's, in depth-first order
        own = new int[nodes];
        int regular = 0;
        for (int t = 0; t < n; t++) {
            if (length[t] > 0) {
                own[endNode[t]]++;
                regular++;
            }
        }
        int[] ownStart = new int[nodes];
        int[] stack = new int[nodes];
        int[] pre = new int[nodes];
        int top = 0;
        int visited = 0;
        stack[top++] = 0;
        subFrom = new int[nodes];
        subTo = new int[nodes];
        int pos = 0;
        while (top > 0) {
            int v = stack[--top];
            pre[visited++] = v;
            subFrom[v] = pos;
            ownStart[v] = pos;
            pos += own[v];
            for (int c = childEnd[v] - 1; c >= childStart[v]; c--) {
                stack[top++] = childNode[c];
            }
        }
        order = new int[regular];
        int[] fill = ownStart.clone();
        for (int t = 0; t < n; t++) {
            if (length[t] > 0) {
                order[fill[endNode[t]]++] = t;
            }
        }
        // subtree ends, unions of whole tokens and longest tokens, children before parents (reverse preorder)
        union = new long[nodes * words];
        subMax = new int[nodes];
        for (int t = 0; t < n; t++) {
            if (length[t] > 0) {
                int v = endNode[t];
                for (int w = 0; w < words; w++) {
                    union[v * words + w] |= tokenSets[t * words + w];
                }
                subMax[v] = depthOf[v];
            }
        }
        for (int v = 0; v < nodes; v++) {
            subTo[v] = subFrom[v] + own[v];
        }
        for (int i = visited - 1; i > 0; i--) {
            int v = pre[i];
            int p = parent[v];
            for (int w = 0; w < words; w++) {
                union[p * words + w] |= union[v * words + w];
            }
            subMax[p] = Math.max(subMax[p], subMax[v]);
            subTo[p] = Math.max(subTo[p], subTo[v]);
        }
        orderLength = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            orderLength[i] = length[order[i]];
        }
    }

    /** Open-addressing map from (parent, atom) keys to child node ids, without boxing. */
    private static final class ChildMap {
        private long[] keys = new long[1 << 12];
        private int[] values = new int[1 << 12];
        private int size;

        ChildMap() {
            Arrays.fill(keys, -1);
        }

        int get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); ; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
                if (keys[i] == -1) {
                    return -1;
                }
            }
        }

        void put(long key, int value) {
            if (2 * (size + 1) > keys.length) {
                long[] oldKeys = keys;
                int[] oldValues = values;
                keys = new long[oldKeys.length * 2];
                values = new int[oldKeys.length * 2];
                Arrays.fill(keys, -1);
                size = 0;
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldKeys[i] != -1) {
                        put(oldKeys[i], oldValues[i]);
                    }
                }
            }
            int mask = keys.length - 1;
            int i = slot(key, mask);
            while (keys[i] != -1) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = value;
            size++;
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h >>> 40) & mask;
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
