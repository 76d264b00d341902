package io.consilium.llm.model.block;

import io.consilium.llm.model.MoeConfig;
import io.consilium.llm.tensor.FloatOps;
import io.consilium.llm.tensor.WeightMatrix;

/**
 * Mixture-of-experts feed-forward computed as MoE: each token runs only its selected experts, and the tokens of
 * a batch are grouped by expert so each selected expert's weights are read once per batch.
 */
public final class MoeFfn implements FfnBlock {
    /**
     * @param gateExps nExpert·ff × nEmbd, expert e = rows [e·ff, (e+1)·ff)
     * @param downExps nExpert·nEmbd × ff
     * @param shared   always-on shared expert, or null
     * @param sharedGate qwen2moe's sigmoid gate vector for the shared expert (nEmbd), or null
     */
    public record Weights(WeightMatrix gateInp, float[] selectionBias, WeightMatrix gateExps, WeightMatrix upExps,
                          WeightMatrix downExps, DenseFfn shared, float[] sharedGate) {
    }

    private final MoeConfig cfg;
    private final Weights w;
    private final Router router;
    private final int nEmbd;
    private final WeightMatrix[] gate;
    private final WeightMatrix[] up;
    private final WeightMatrix[] down;

    public MoeFfn(MoeConfig cfg, Weights w, int nEmbd) {
        this.cfg = cfg;
        this.w = w;
        this.nEmbd = nEmbd;
        this.router = new Router(cfg, w.selectionBias());
        int nE = cfg.nExpert();
        int ff = cfg.expertFf();
        gate = new WeightMatrix[nE];
        up = new WeightMatrix[nE];
        down = new WeightMatrix[nE];
        for (int e = 0; e < nE; e++) {
            gate[e] = w.gateExps().rowSlice(e * ff, ff);
            up[e] = w.upExps().rowSlice(e * ff, ff);
            down[e] = w.downExps().rowSlice(e * nEmbd, nEmbd);
        }
    }

    @Override
    public long bytesPerToken() {
        long expert = gate[0].data().byteSize() + up[0].data().byteSize() + down[0].data().byteSize();
        long bytes = w.gateInp().data().byteSize() + expert * cfg.nExpertUsed();
        if (w.shared() != null) {
            bytes += w.shared().bytesPerToken();
        }
        return bytes;
    }

    @Override
    public void forward(Compute c, float[] xn, int n, float[] out) {
        FloatOps ops = c.ops();
        int nE = cfg.nExpert();
        int k = cfg.nExpertUsed();
        float[] logits = new float[n * nE];
        c.linear(w.gateInp(), xn, n, logits);
        int[] sel = new int[n * k];
        float[] wt = new float[n * k];
        int[] count = new int[nE];
        for (int t = 0; t < n; t++) {
            router.route(logits, t * nE, sel, wt, t * k);
            for (int j = 0; j < k; j++) {
                count[sel[t * k + j]]++;
            }
        }
        java.util.Arrays.fill(out, 0, n * nEmbd, 0f);
        for (int e = 0; e < nE; e++) {
            int m = count[e];
            if (m == 0) {
                continue;
            }
            int[] tokens = new int[m];
            float[] weights = new float[m];
            float[] xin = new float[m * nEmbd];
            int i = 0;
            for (int s = 0; s < n * k; s++) {
                if (sel[s] == e) {
                    tokens[i] = s / k;
                    weights[i] = wt[s];
                    System.arraycopy(xn, tokens[i] * nEmbd, xin, i * nEmbd, nEmbd);
                    i++;
                }
            }
            float[] y = new float[m * nEmbd];
            DenseFfn.forward(c, gate[e], up[e], down[e], xin, m, y);
            for (i = 0; i < m; i++) {
                ops.axpy(weights[i], y, i * nEmbd, out, tokens[i] * nEmbd, nEmbd);
            }
        }
        if (w.shared() != null) {
            float[] y = new float[n * nEmbd];
            w.shared().forward(c, xn, n, y);
            for (int t = 0; t < n; t++) {
                float g = 1f;
                if (w.sharedGate() != null) {
                    float z = ops.dot(w.sharedGate(), 0, xn, t * nEmbd, nEmbd);
                    g = (float) (1.0 / (1.0 + Math.exp(-z)));
                }
                ops.axpy(g, y, t * nEmbd, out, t * nEmbd, nEmbd);
            }
        }
    }
}
