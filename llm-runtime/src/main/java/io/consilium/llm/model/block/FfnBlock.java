package io.consilium.llm.model.block;

/** The channel-mixing half of a layer: a dense SwiGLU or a mixture of experts. */
public interface FfnBlock {
    /** @param xn n × nEmbd normalised inputs; out n × nEmbd result */
    void forward(Compute c, float[] xn, int n, float[] out);

    /** Weight bytes read to process one token (only the experts one token selects). */
    long bytesPerToken();
}
