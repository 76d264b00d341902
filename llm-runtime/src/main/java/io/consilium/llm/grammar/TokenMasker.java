package io.consilium.llm.grammar;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which tokens a grammar allows in each parser state, cached per state (bounded, least recently used first out).
 * A state met for the first time is computed by {@link AtomMasks} (whole groups of tokens decided at once); a state
 * inside a partial UTF-8 character by walking the byte trie. One masker serves every sequence that uses the same
 * grammar and vocabulary. Thread-safe.
 */
public final class TokenMasker {
    private final GrammarStates states;
    private final VocabTrie trie;
    private final Map<Long, Mask> cache;
    /** Built with the first mask (needs the grammar's classes against the whole vocabulary). */
    private AtomMasks atomMasks;
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

    /** Growable primitive columns of the tokens a walk finds (no per-token objects: a walk may find 30,000). */
    private static final class Found {
        int n;
        int[] tokens = new int[1024];
        long[] after = new long[1024];
        int[] dist = new int[1024];

        void add(int token, long sp, int d) {
            if (n == tokens.length) {
                tokens = Arrays.copyOf(tokens, n * 2);
                after = Arrays.copyOf(after, n * 2);
                dist = Arrays.copyOf(dist, n * 2);
            }
            tokens[n] = token;
            after[n] = sp;
            dist[n++] = d;
        }
    }

    private Mask walk(long start) {
        // one lock for the whole walk: the state lookups inside re-enter it instead of taking it per trie node
        synchronized (states) {
            if (GrammarStates.partialOf(start) == GrammarStates.NO_PARTIAL) {
                if (atomMasks == null) {
                    atomMasks = new AtomMasks(states, new TokenAtoms(states.grammar(), trie));
                }
                return atomMasks.collect(GrammarStates.stateOf(start));
            }
        }
        return maskByTrie(start);
    }

    /** The mask the plain trie walk gives (the reference the atom masks are tested against). */
    Mask maskByTrie(long start) {
        Found f = new Found();
        synchronized (states) {
            walk(trie.root(), start, f);
        }
        return columns(f);
    }

    private Mask columns(Found f) {
        int[] tokens = Arrays.copyOf(f.tokens, f.n);
        long[] after = Arrays.copyOf(f.after, f.n);
        int[] dist = Arrays.copyOf(f.dist, f.n);
        long[] order = new long[f.n];
        for (int i = 0; i < f.n; i++) {
            order[i] = (long) f.tokens[i] << 32 | i;
        }
        Arrays.sort(order);
        for (int k = 0; k < f.n; k++) {
            int i = (int) order[k];
            tokens[k] = f.tokens[i];
            after[k] = f.after[i];
            dist[k] = f.dist[i];
        }
        return Mask.explicit(trie.vocabSize(), tokens, after, dist);
    }

    private void walk(VocabTrie.Node node, long sp, Found found) {
        for (int i = 0; i < node.keys.length; i++) {
            long next = states.nextByte(sp, node.keys[i]);
            if (next < 0) {
                continue;
            }
            VocabTrie.Node kid = node.kids[i];
            if (kid.tokens.length > 0) {
                int d = states.distance(next);
                for (int t : kid.tokens) {
                    found.add(t, next, d);
                }
            }
            walk(kid, next, found);
        }
    }
}
