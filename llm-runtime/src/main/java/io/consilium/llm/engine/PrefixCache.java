package io.consilium.llm.engine;

import io.consilium.llm.model.TransformerModel;
import io.consilium.llm.model.block.SequenceState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * KV states of earlier prompts, so a request that starts with the same tokens (a shared system prompt, the earlier
 * turns of a conversation) copies them instead of computing them. Any common prefix counts, not only a whole
 * cached prompt, because a position's keys and values depend only on the tokens before it. Bounded in bytes,
 * least recently used dropped first. Used by the scheduler thread only.
 */
final class PrefixCache {
    private record Entry(int[] tokens, SequenceState state, long bytes) {
    }

    private final long maxBytes;
    private final int minTokens;
    private final Map<Long, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long nextKey;
    private long hits;
    private long misses;

    PrefixCache(long maxBytes, int minTokens) {
        this.maxBytes = maxBytes;
        this.minTokens = minTokens;
    }

    /**
     * Fills {@code target} with the longest cached prefix of {@code prompt}, leaving at least one prompt token to
     * compute (its logits start the answer). Returns the tokens reused (0 on a miss).
     */
    int restore(int[] prompt, SequenceState target) {
        Entry best = null;
        long bestKey = -1;
        int bestLen = 0;
        for (Map.Entry<Long, Entry> e : entries.entrySet()) {
            int len = commonPrefix(e.getValue().tokens, prompt);
            if (len > bestLen) {
                best = e.getValue();
                bestKey = e.getKey();
                bestLen = len;
            }
        }
        bestLen = Math.min(bestLen, prompt.length - 1);
        if (best == null || bestLen < minTokens) {
            misses++;
            return 0;
        }
        entries.get(bestKey); // touch: most recently used
        target.copyPrefixFrom(best.state, bestLen);
        hits++;
        return bestLen;
    }

    /** Keeps a copy of the first {@code len} positions of a sequence that just read its prompt. */
    void store(TransformerModel model, int[] prompt, int len, SequenceState source) {
        if (maxBytes == 0 || len < minTokens) {
            return;
        }
        for (Entry e : entries.values()) {
            if (e.tokens.length >= len && commonPrefix(e.tokens, prompt) >= len) {
                return; // already covered
            }
        }
        long need = source.bytesPerToken() * len;
        if (need > maxBytes) {
            return;
        }
        Iterator<Map.Entry<Long, Entry>> it = entries.entrySet().iterator();
        while (bytes + need > maxBytes && it.hasNext()) {
            bytes -= it.next().getValue().bytes;
            it.remove();
        }
        SequenceState copy = model.newSequence(len);
        copy.copyPrefixFrom(source, len);
        entries.put(nextKey++, new Entry(java.util.Arrays.copyOf(prompt, len), copy, need));
        bytes += need;
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    int size() {
        return entries.size();
    }

    long bytes() {
        return bytes;
    }
}
