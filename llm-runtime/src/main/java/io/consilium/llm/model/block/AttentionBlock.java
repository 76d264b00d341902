package io.consilium.llm.model.block;

/** The token-mixing half of a layer: reads normalised inputs, writes its output (not the residual sum). */
public interface AttentionBlock {
    /**
     * @param xn  n × nEmbd normalised inputs for positions state.position() .. +n-1
     * @param out n × nEmbd result
     */
    void forward(Compute c, float[] xn, int n, SequenceState state, int layer, float[] out);

    /**
     * Rows of several sequences in one call (continuous batching): segment i is rows [start[i], start[i]+len[i])
     * of {@code xn}, continuing {@code states[i]} at its position. Blocks that can share weight reads across
     * sequences override this; the default runs the segments one after another.
     */
    default void forwardSegments(Compute c, float[] xn, SequenceState[] states, int[] start, int[] len, int layer,
                                 float[] out) {
        int total = 0;
        for (int l : len) {
            total += l;
        }
        int d = xn.length / Math.max(1, total);
        for (int i = 0; i < states.length; i++) {
            float[] part = java.util.Arrays.copyOfRange(xn, start[i] * d, (start[i] + len[i]) * d);
            float[] res = new float[part.length];
            forward(c, part, len[i], states[i], layer, res);
            System.arraycopy(res, 0, out, start[i] * d, res.length);
        }
    }

    /** Weight bytes read to process one token. */
    long bytesPerToken();
}
