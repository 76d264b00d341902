package io.consilium.llm.model.block;

import io.consilium.llm.model.ModelConfig;
import java.util.Arrays;

/**
 * The KV cache and position of one sequence. Weights live in the model; everything that differs between
 * sequences lives here, so several sequences can share one model.
 *
 * <p>For grouped-query attention a layer holds keys ({@code a}) and values ({@code b}); for MLA it holds the
 * normalised latent ({@code a}, kv_lora_rank per token) and the roped shared key ({@code b}, rope dims per token).
 * The arrays grow on demand up to {@link #capacity()} so a short chat does not pay for the full context.
 */
public final class SequenceState {
    private final int capacity;
    private final int aWidth;
    private final int bWidth;
    private final float[][] a;
    private final float[][] b;
    private int allocated;
    private int position;

    public SequenceState(ModelConfig cfg, int capacity) {
        this.capacity = capacity;
        if (cfg.isMla()) {
            aWidth = cfg.mla().kvLoraRank();
            bWidth = cfg.mla().ropeDim();
        } else {
            aWidth = cfg.attention().kDim();
            bWidth = cfg.attention().vDim();
        }
        a = new float[cfg.nLayer()][];
        b = new float[cfg.nLayer()][];
        allocated = 0;
        ensure(Math.min(capacity, 64));
    }

    public int capacity() {
        return capacity;
    }

    /** Number of tokens already in the cache; the next token goes to this position. */
    public int position() {
        return position;
    }

    public void advance(int n) {
        position += n;
    }

    /** Forgets everything from {@code pos} on (used to reuse a common prefix). */
    public void truncate(int pos) {
        if (pos < 0 || pos > position) {
            throw new IllegalArgumentException("cannot truncate to " + pos + " at position " + position);
        }
        position = pos;
    }

    /** Makes room for tokens up to (exclusive) {@code end}. */
    public void ensure(int end) {
        if (end > capacity) {
            throw new IllegalStateException("context of " + capacity + " tokens exceeded");
        }
        if (end <= allocated) {
            return;
        }
        int target = Math.min(capacity, Math.max(end, allocated * 2));
        for (int l = 0; l < a.length; l++) {
            a[l] = a[l] == null ? new float[target * aWidth] : Arrays.copyOf(a[l], target * aWidth);
            b[l] = b[l] == null ? new float[target * bWidth] : Arrays.copyOf(b[l], target * bWidth);
        }
        allocated = target;
    }

    /**
     * Makes this sequence start with the first {@code len} cached tokens of {@code other} (a shared prompt prefix):
     * their cache rows are copied and the position set to {@code len}. Both must belong to the same model.
     */
    public void copyPrefixFrom(SequenceState other, int len) {
        if (other.aWidth != aWidth || other.bWidth != bWidth || other.a.length != a.length) {
            throw new IllegalArgumentException("sequence states of different models");
        }
        if (len < 0 || len > other.position) {
            throw new IllegalArgumentException("the other sequence holds " + other.position + " tokens, not " + len);
        }
        ensure(Math.max(len, 1));
        for (int l = 0; l < a.length; l++) {
            System.arraycopy(other.a[l], 0, a[l], 0, len * aWidth);
            System.arraycopy(other.b[l], 0, b[l], 0, len * bWidth);
        }
        position = len;
    }

    /** Cache bytes per token (all layers). */
    public long bytesPerToken() {
        return (long) (aWidth + bWidth) * a.length * Float.BYTES;
    }

    public float[] a(int layer) {
        return a[layer];
    }

    public float[] b(int layer) {
        return b[layer];
    }

    public long bytes() {
        return (long) allocated * (aWidth + bWidth) * a.length * Float.BYTES;
    }
}
