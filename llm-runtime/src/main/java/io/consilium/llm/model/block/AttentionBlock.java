package io.consilium.llm.model.block;

/** The token-mixing half of a layer: reads normalised inputs, writes its output (not the residual sum). */
public interface AttentionBlock {
    /**
     * @param xn  n × nEmbd normalised inputs for positions state.position() .. +n-1
     * @param out n × nEmbd result
     */
    void forward(Compute c, float[] xn, int n, SequenceState state, int layer, float[] out);

    /** Weight bytes read to process one token. */
    long bytesPerToken();
}
