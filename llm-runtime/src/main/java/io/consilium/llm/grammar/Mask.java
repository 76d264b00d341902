package io.consilium.llm.grammar;

import java.util.Arrays;

/**
 * The tokens one parser state allows: a bit per vocabulary entry, plus where each allowed token leads. Most
 * tokens of a string or number state follow the same chain of states (see {@link AtomMasks}), so they are stored
 * only as bits: such a token ends in {@code chain[its length]} at distance {@code chainDist[its length]}. The rest
 * are listed explicitly (ids ascending) with their states and distances. That keeps a mask of 30,000 allowed
 * tokens at a few kilobytes and lets the logit mask touch only the tokens it forbids. Immutable.
 */
final class Mask {
    private final long[] allowed;
    private final int count;
    private final int[] tokens;
    private final long[] after;
    private final int[] dist;
    private final int[] chain;
    private final int[] chainDist;
    /** Characters per token id (shared, from {@link TokenAtoms}); null when nothing is stored as chain bits. */
    private final int[] lengths;
    private final int maxDist;

    Mask(long[] allowed, int[] tokens, long[] after, int[] dist, int[] chain, int[] chainDist, int[] lengths,
         int maxDist) {
        this.allowed = allowed;
        int c = 0;
        for (long w : allowed) {
            c += Long.bitCount(w);
        }
        this.count = c;
        this.tokens = tokens;
        this.after = after;
        this.dist = dist;
        this.chain = chain;
        this.chainDist = chainDist;
        this.lengths = lengths;
        this.maxDist = maxDist;
    }

    /** A mask with every allowed token listed (the trie walk's result). */
    static Mask explicit(int vocab, int[] tokens, long[] after, int[] dist) {
        long[] bits = new long[(vocab + 63) >>> 6];
        int max = 0;
        for (int i = 0; i < tokens.length; i++) {
            bits[tokens[i] >>> 6] |= 1L << tokens[i];
            max = Math.max(max, dist[i]);
        }
        return new Mask(bits, tokens, after, dist, null, null, null, max);
    }

    int count() {
        return count;
    }

    int maxDist() {
        return maxDist;
    }

    boolean allows(int token) {
        return token >= 0 && token >>> 6 < allowed.length && (allowed[token >>> 6] & 1L << token) != 0;
    }

    /** The packed state after an allowed token. */
    long after(int token) {
        int i = Arrays.binarySearch(tokens, token);
        return i >= 0 ? after[i] : GrammarStates.pack(chain[lengths[token]], GrammarStates.NO_PARTIAL);
    }

    /** The fewest tokens that finish the sentence after an allowed token (one per character). */
    int dist(int token) {
        int i = Arrays.binarySearch(tokens, token);
        return i >= 0 ? dist[i] : chainDist[lengths[token]];
    }

    long[] allowedBits() {
        return allowed;
    }

    /** Every allowed token, ids ascending, with its state after and distance (tests, the budget path). */
    int[] allTokens() {
        int[] out = new int[count];
        int k = 0;
        for (int w = 0; w < allowed.length; w++) {
            long word = allowed[w];
            while (word != 0) {
                out[k++] = w << 6 | Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return out;
    }
}
