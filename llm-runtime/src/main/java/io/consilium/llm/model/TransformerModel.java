package io.consilium.llm.model;

import io.consilium.llm.model.block.AttentionBlock;
import io.consilium.llm.model.block.Compute;
import io.consilium.llm.model.block.FfnBlock;
import io.consilium.llm.model.block.SequenceState;
import io.consilium.llm.tensor.WeightMatrix;

/**
 * A pre-norm decoder-only transformer: embedding, layers of (norm → attention → residual, norm → ffn → residual),
 * final norm and output projection. Holds only weights; per-sequence state is a {@link SequenceState} and scratch
 * arrays are per call, so one model can serve several sequences.
 */
public final class TransformerModel {
    /** One decoder layer. */
    public record Layer(float[] attnNorm, AttentionBlock attention, float[] ffnNorm, FfnBlock ffn) {
    }

    private final ModelConfig config;
    private final WeightMatrix tokenEmbd;
    private final float[] outputNorm;
    private final WeightMatrix output;
    private final Layer[] layers;

    public TransformerModel(ModelConfig config, WeightMatrix tokenEmbd, float[] outputNorm, WeightMatrix output,
                            Layer[] layers) {
        this.config = config;
        this.tokenEmbd = tokenEmbd;
        this.outputNorm = outputNorm;
        this.output = output;
        this.layers = layers;
    }

    public ModelConfig config() {
        return config;
    }

    public SequenceState newSequence(int capacity) {
        return new SequenceState(config, capacity);
    }

    /** Weight bytes one decoded token reads: every dense matrix, the selected experts only, one embedding row. */
    public long weightBytesPerToken() {
        long bytes = output.data().byteSize() + tokenEmbd.rowBytes();
        for (Layer l : layers) {
            bytes += l.attention().bytesPerToken() + l.ffn().bytesPerToken();
        }
        return bytes;
    }

    /**
     * Runs {@code n} tokens of one sequence through the model at positions state.position().. and advances the
     * state.
     *
     * @param allLogits true: return n × vocab logits (one row per token); false: only the last token's logits
     */
    public float[] forward(Compute c, SequenceState state, int[] tokens, int off, int n, boolean allLogits) {
        int d = config.nEmbd();
        if (state.position() + n > state.capacity()) {
            throw new IllegalStateException("context of " + state.capacity() + " tokens exceeded");
        }
        float[] x = new float[n * d];
        for (int t = 0; t < n; t++) {
            int tok = tokens[off + t];
            if (tok < 0 || tok >= tokenEmbd.rows()) {
                throw new IllegalArgumentException("token id " + tok + " outside the vocabulary of "
                        + tokenEmbd.rows());
            }
            tokenEmbd.dequantizeRow(tok, x, t * d);
        }
        float[] xn = new float[n * d];
        float[] y = new float[n * d];
        float eps = config.rmsEps();
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            c.rmsnormRows(xn, x, layer.attnNorm(), n, d, eps);
            layer.attention().forward(c, xn, n, state, l, y);
            c.ops().add(x, 0, y, 0, n * d);
            c.rmsnormRows(xn, x, layer.ffnNorm(), n, d, eps);
            layer.ffn().forward(c, xn, n, y);
            c.ops().add(x, 0, y, 0, n * d);
        }
        state.advance(n);
        int m = allLogits ? n : 1;
        int first = n - m;
        float[] h = new float[m * d];
        for (int t = 0; t < m; t++) {
            c.ops().rmsnorm(h, t * d, x, (first + t) * d, outputNorm, d, eps);
        }
        float[] logits = new float[m * output.rows()];
        c.linear(output, h, m, logits);
        return logits;
    }
}
