package io.consilium.llm.grammar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tokens a grammar allows in each parser state, computed by walking the vocabulary trie and cached per
 * state (bounded, least recently used first out). One masker serves every sequence that uses the same grammar and
 * vocabulary; a schema an agent sends again and again costs a trie walk only for states never seen before.
 * Thread-safe.
 */
public final class TokenMasker {
    /** The allowed tokens of one state: ids ascending, the packed state after each, and the distance left. */
    record Mask(int[] tokens, long[] after, int[] dist, int maxDist) {
        int indexOf(int token) {
            return Arrays.binarySearch(tokens, token);
        }
    }

    private final GrammarStates states;
    private final VocabTrie trie;
    private final Map<Long, Mask> cache;
    private long walks;
    private long hits;

    public TokenMasker(GrammarStates states, VocabTrie trie, int cachedStates) {
        this.states = states;
        this.trie = trie;
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Mask> e) {
                return size() > cachedStates;
            }
        };
    }

    public GrammarStates states() {
        return states;
    }

    public VocabTrie trie() {
        return trie;
    }

    /** Trie walks done (cache misses) and cache hits so far. */
    public synchronized long[] stats() {
        return new long[] {walks, hits};
    }

    Mask mask(long statePartial) {
        synchronized (this) {
            Mask m = cache.get(statePartial);
            if (m != null) {
                hits++;
                return m;
            }
        }
        Mask m = walk(statePartial);
        synchronized (this) {
            walks++;
            cache.put(statePartial, m);
        }
        return m;
    }

    private Mask walk(long start) {
        List<long[]> found = new ArrayList<>(); // {token, after, dist}
        walk(trie.root(), start, found);
        found.sort((a, b) -> Long.compare(a[0], b[0]));
        int n = found.size();
        int[] tokens = new int[n];
        long[] after = new long[n];
        int[] dist = new int[n];
        int max = 0;
        for (int i = 0; i < n; i++) {
            tokens[i] = (int) found.get(i)[0];
            after[i] = found.get(i)[1];
            dist[i] = (int) found.get(i)[2];
            max = Math.max(max, dist[i]);
        }
        return new Mask(tokens, after, dist, max);
    }

    private void walk(VocabTrie.Node node, long sp, List<long[]> found) {
        for (int i = 0; i < node.keys.length; i++) {
            long next = states.nextByte(sp, node.keys[i]);
            if (next < 0) {
                continue;
            }
            VocabTrie.Node kid = node.kids[i];
            if (kid.tokens.length > 0) {
                long d = states.distance(next);
                for (int t : kid.tokens) {
                    found.add(new long[] {t, next, d});
                }
            }
            walk(kid, next, found);
        }
    }
}
