package io.consilium.llm.model;

import io.consilium.llm.model.block.AttentionBlock;
import io.consilium.llm.model.block.Compute;
import io.consilium.llm.model.block.FfnBlock;
import io.consilium.llm.model.block.Scratch;
import io.consilium.llm.model.block.SequenceState;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.List;

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
        if (state.position() + n > state.capacity()) {
            throw new IllegalStateException("context of " + state.capacity() + " tokens exceeded");
        }
        int d = config.nEmbd();
        // a decoded token works in per-thread arrays reused from token to token (no garbage per token)
        float[] x = Scratch.floats(Scratch.X, n * d);
        embed(List.of(new Segment(state, tokens, off, n)), x);
        runLayers(c, x, n, new SequenceState[] {state}, new int[] {0}, new int[] {n});
        state.advance(n);
        int m = allLogits ? n : 1;
        int[] rows = new int[m];
        for (int t = 0; t < m; t++) {
            rows[t] = n - m + t;
        }
        return logits(c, x, rows);
    }

    /** Tokens of one sequence for a {@link #forwardBatch} step: tokens[off .. off+n) continue {@code state}. */
    public record Segment(SequenceState state, int[] tokens, int off, int n) {
    }

    /**
     * One step for several sequences at once (continuous batching): every segment's tokens go through the layers
     * together, so each weight block is read once per step for all of them; attention stays per sequence. Advances
     * every state and returns, per segment in order, the logits of its last token (segments × vocab).
     */
    public float[] forwardBatch(Compute c, List<Segment> segments) {
        int k = segments.size();
        SequenceState[] states = new SequenceState[k];
        int[] start = new int[k];
        int[] len = new int[k];
        int total = 0;
        java.util.Set<SequenceState> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < k; i++) {
            Segment s = segments.get(i);
            if (s.n() <= 0 || !seen.add(s.state())) {
                throw new IllegalArgumentException("each segment needs ≥ 1 token and its own sequence");
            }
            if (s.state().position() + s.n() > s.state().capacity()) {
                throw new IllegalStateException("context of " + s.state().capacity() + " tokens exceeded");
            }
            states[i] = s.state();
            start[i] = total;
            len[i] = s.n();
            total += s.n();
        }
        float[] x = Scratch.floats(Scratch.X, total * config.nEmbd());
        embed(segments, x);
        runLayers(c, x, total, states, start, len);
        int[] rows = new int[k];
        for (int i = 0; i < k; i++) {
            states[i].advance(len[i]);
            rows[i] = start[i] + len[i] - 1;
        }
        return logits(c, x, rows);
    }

    private void embed(List<Segment> segments, float[] x) {
        int d = config.nEmbd();
        int t = 0;
        for (Segment s : segments) {
            for (int i = 0; i < s.n(); i++, t++) {
                int tok = s.tokens()[s.off() + i];
                if (tok < 0 || tok >= tokenEmbd.rows()) {
                    throw new IllegalArgumentException("token id " + tok + " outside the vocabulary of "
                            + tokenEmbd.rows());
                }
                tokenEmbd.dequantizeRow(tok, x, t * d);
            }
        }
    }

    private void runLayers(Compute c, float[] x, int n, SequenceState[] states, int[] start, int[] len) {
        int d = config.nEmbd();
        float[] xn = Scratch.floats(Scratch.XN, n * d);
        float[] y = Scratch.floats(Scratch.Y, n * d);
        float eps = config.rmsEps();
        for (int l = 0; l < layers.length; l++) {
            Layer layer = layers[l];
            c.rmsnormRows(xn, x, layer.attnNorm(), n, d, eps);
            if (states.length == 1) {
                layer.attention().forward(c, xn, n, states[0], l, y);
            } else {
                layer.attention().forwardSegments(c, xn, states, start, len, l, y);
            }
            c.ops().add(x, 0, y, 0, n * d);
            c.rmsnormRows(xn, x, layer.ffnNorm(), n, d, eps);
            layer.ffn().forward(c, xn, n, y);
            c.ops().add(x, 0, y, 0, n * d);
        }
    }

    /** Final norm and output projection of the given rows of x. */
    private float[] logits(Compute c, float[] x, int[] rows) {
        int d = config.nEmbd();
        float eps = config.rmsEps();
        int m = rows.length;
        float[] h = m == 1 ? Scratch.floats(Scratch.H, d) : new float[m * d];
        for (int t = 0; t < m; t++) {
            c.ops().rmsnorm(h, t * d, x, rows[t] * d, outputNorm, d, eps);
        }
        float[] logits = new float[m * output.rows()];
        c.linear(output, h, m, logits);
        return logits;
    }
}
