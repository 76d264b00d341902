package io.consilium.llm.model.block;

import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.model.MoeConfig;
import io.consilium.llm.tensor.FloatOps;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.List;

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
        if (n == 1) {
            forwardOne(c, xn, out);
            return;
        }
        FloatOps ops = c.ops();
        int nE = cfg.nExpert();
        int k = cfg.nExpertUsed();
        float[] logits = Scratch.floats(Scratch.LOGITS, n * nE);
        if (c.rowwise()) {
            new RowsBatch().add(w.gateInp(), xn, 0, n, logits, 0).run(c);
        } else {
            c.linear(w.gateInp(), xn, n, logits);
        }
        int[] sel = new int[n * k];
        float[] wt = new float[n * k];
        int[] count = new int[nE];
        for (int t = 0; t < n; t++) {
            router.route(logits, t * nE, sel, wt, t * k);
            for (int j = 0; j < k; j++) {
                count[sel[t * k + j]]++;
            }
        }
        // Each (token, slot) result is kept and summed per token in slot order, as the one-token path does, so a
        // token's output does not depend on which other tokens share the batch.
        float[] ys = Scratch.floats(Scratch.YS, n * k * nEmbd);
        int[] active = new int[nE];
        int nActive = 0;
        for (int e = 0; e < nE; e++) {
            if (count[e] > 0) {
                active[nActive++] = e;
            }
        }
        // every active expert's tokens side by side in one array (expert a's from row first[a]), slot order within
        int[] first = new int[nActive + 1];
        int[] at = new int[nE];
        for (int a = 0; a < nActive; a++) {
            first[a + 1] = first[a] + count[active[a]];
            at[active[a]] = first[a];
        }
        int[] slots = new int[n * k];
        float[] xin = Scratch.floats(Scratch.XIN, n * k * nEmbd);
        for (int s = 0; s < n * k; s++) {
            int i = at[sel[s]]++;
            slots[i] = s;
            System.arraycopy(xn, (s / k) * nEmbd, xin, i * nEmbd, nEmbd);
        }
        if (c.rowwise()) {
            expertsRowwise(c, xn, n, active, nActive, first, slots, xin, ys, out, wt);
            return;
        }
        // Experts run side by side, each whole on one thread: one parallel region per layer instead of three per
        // expert. The threads take them one at a time, most tokens first, so they finish together.
        Integer[] order = new Integer[nActive];
        for (int a = 0; a < nActive; a++) {
            order[a] = a;
        }
        java.util.Arrays.sort(order, (x, y) -> Integer.compare(first[y + 1] - first[y], first[x + 1] - first[x]));
        c.pool().parallelTasks(nActive, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int a = order[i];
                int e = active[a];
                int m = first[a + 1] - first[a];
                float[] y = Scratch.floats(Scratch.EY, m * nEmbd);
                expert(c, gate[e], up[e], down[e], xin, first[a] * nEmbd, m, y);
                for (int r = 0; r < m; r++) {
                    System.arraycopy(y, r * nEmbd, ys, slots[first[a] + r] * nEmbd, nEmbd);
                }
            }
        });
        java.util.Arrays.fill(out, 0, n * nEmbd, 0f);
        for (int s = 0; s < n * k; s++) {
            ops.axpy(wt[s], ys, s * nEmbd, out, (s / k) * nEmbd, nEmbd);
        }
        if (w.shared() != null) {
            float[] y = Scratch.floats(Scratch.FY, n * nEmbd);
            w.shared().forward(c, xn, n, y);
            addShared(ops, xn, n, y, out);
        }
    }

    /**
     * One expert's SwiGLU over its m tokens (m ≥ 2) on the calling thread. A matrix whose token group is small runs
     * through the row kernels (each weight row read once for up to four tokens, never dequantized into a panel),
     * a larger group through the blocked matmul, whose panel dequantization only pays off over enough tokens. The
     * choice depends only on the group size, a function of the prompt, so results stay independent of thread count.
     */
    static void expert(Compute c, WeightMatrix gate, WeightMatrix up, WeightMatrix down, float[] xn, int xOff, int m,
                       float[] y) {
        int ff = gate.rows();
        Kernels k = c.kernels();
        float[] g = Scratch.floats(Scratch.G2, m * ff);
        float[] u = Scratch.floats(Scratch.U2, m * ff);
        boolean rowsGate = m <= rowsUpTo(gate.type());
        boolean rowsUp = m <= rowsUpTo(up.type());
        if (rowsGate && rowsUp) {
            // one call so the two share the input's preparation
            k.matvecsRows(List.of(new Kernels.MatvecRows(gate, xn, xOff, m, g, 0),
                    new Kernels.MatvecRows(up, xn, xOff, m, u, 0)));
        } else {
            product(k, gate, rowsGate, xn, xOff, m, g);
            product(k, up, rowsUp, xn, xOff, m, u);
        }
        c.ops().siluMul(g, 0, u, 0, m * ff);
        product(k, down, m <= rowsUpTo(down.type()), g, 0, m, y);
    }

    private static void product(Kernels k, WeightMatrix w, boolean rows, float[] x, int xOff, int m, float[] out) {
        if (rows) {
            k.matvecsRows(List.of(new Kernels.MatvecRows(w, x, xOff, m, out, 0)));
        } else {
            k.matmul(w, x, xOff, m, out, 0);
        }
    }

    /**
     * The largest token group for which the row kernels beat dequantize + matmul, measured one core on expert-sized
     * matrices (512×1024 and 1024×512, thread CPU time): Q6_K's dequantization is the dearest, Q8_0's the cheapest.
     */
    static int rowsUpTo(GgmlType type) {
        return switch (type) {
            case Q6_K -> 6;
            case Q4_K -> 3;
            case Q8_0, Q5_K, Q4_0 -> 2;
            default -> 0;
        };
    }

    /**
     * A batched decode step (few tokens per expert): two parallel regions whose rows every thread shares — every
     * gate/up product (each active expert over its tokens, the shared expert over all), then every down projection.
     * Each product is the one-token path's row by row, and the per-token sums run in slot order as there.
     */
    private void expertsRowwise(Compute c, float[] xn, int n, int[] active, int nActive, int[] first, int[] slots,
                                float[] xin, float[] ys, float[] out, float[] wt) {
        FloatOps ops = c.ops();
        int k = cfg.nExpertUsed();
        int ff = cfg.expertFf();
        DenseFfn shared = w.shared();
        int sff = shared == null ? 0 : shared.width();
        float[][] gOf = new float[nActive][];
        float[][] uOf = new float[nActive][];
        RowsBatch batch = new RowsBatch();
        for (int a = 0; a < nActive; a++) {
            int m = first[a + 1] - first[a];
            int xo = first[a] * nEmbd;
            gOf[a] = new float[m * ff];
            uOf[a] = new float[m * ff];
            batch.add(gate[active[a]], xin, xo, m, gOf[a], 0).add(up[active[a]], xin, xo, m, uOf[a], 0);
        }
        float[] sg = shared == null ? null : new float[n * sff];
        float[] su = shared == null ? null : new float[n * sff];
        if (shared != null) {
            batch.add(shared.gate(), xn, 0, n, sg, 0).add(shared.up(), xn, 0, n, su, 0);
        }
        batch.run(c);
        float[][] yOf = new float[nActive][];
        for (int a = 0; a < nActive; a++) {
            int m = first[a + 1] - first[a];
            ops.siluMul(gOf[a], 0, uOf[a], 0, m * ff);
            yOf[a] = new float[m * nEmbd];
            batch.add(down[active[a]], gOf[a], 0, m, yOf[a], 0);
        }
        float[] sy = shared == null ? null : new float[n * nEmbd];
        if (shared != null) {
            ops.siluMul(sg, 0, su, 0, n * sff);
            batch.add(shared.down(), sg, 0, n, sy, 0);
        }
        batch.run(c);
        for (int a = 0; a < nActive; a++) {
            for (int i = 0; i < first[a + 1] - first[a]; i++) {
                System.arraycopy(yOf[a], i * nEmbd, ys, slots[first[a] + i] * nEmbd, nEmbd);
            }
        }
        java.util.Arrays.fill(out, 0, n * nEmbd, 0f);
        for (int s = 0; s < n * k; s++) {
            ops.axpy(wt[s], ys, s * nEmbd, out, (s / k) * nEmbd, nEmbd);
        }
        if (shared != null) {
            addShared(ops, xn, n, sy, out);
        }
    }

    /** out += gate(x) · y per token, gate being qwen2moe's sigmoid gate (or 1 without one). */
    private void addShared(FloatOps ops, float[] xn, int n, float[] y, float[] out) {
        for (int t = 0; t < n; t++) {
            float g = 1f;
            if (w.sharedGate() != null) {
                float z = ops.dot(w.sharedGate(), 0, xn, t * nEmbd, nEmbd);
                g = (float) (1.0 / (1.0 + Math.exp(-z)));
            }
            ops.axpy(g, y, t * nEmbd, out, t * nEmbd, nEmbd);
        }
    }

    /**
     * One token: two parallel regions — every gate/up product (the selected experts' and the shared expert's), then
     * every down projection — and the small router product before them on the calling thread.
     */
    private void forwardOne(Compute c, float[] xn, float[] out) {
        FloatOps ops = c.ops();
        int k = cfg.nExpertUsed();
        int ff = cfg.expertFf();
        DenseFfn shared = w.shared();
        int sff = shared == null ? 0 : shared.width();
        float[] logits = Scratch.floats(Scratch.LOGITS, cfg.nExpert());
        float[] sg = Scratch.floats(Scratch.SG, sff);
        float[] su = Scratch.floats(Scratch.SU, sff);
        LinearBatch batch = new LinearBatch().add(w.gateInp(), xn, logits);
        batch.run(c);
        int[] sel = Scratch.ints(k);
        float[] wt = Scratch.floats(Scratch.WT, k);
        router.route(logits, 0, sel, wt, 0);
        float[] g = Scratch.floats(Scratch.G, k * ff);
        float[] u = Scratch.floats(Scratch.U, k * ff);
        for (int j = 0; j < k; j++) {
            batch.add(gate[sel[j]], xn, 0, g, j * ff).add(up[sel[j]], xn, 0, u, j * ff);
        }
        if (shared != null) {
            batch.add(shared.gate(), xn, sg).add(shared.up(), xn, su);
        }
        batch.run(c);
        ops.siluMul(g, 0, u, 0, k * ff);
        if (shared != null) {
            ops.siluMul(sg, 0, su, 0, sff);
        }
        float[] y = Scratch.floats(Scratch.FY, (k + 1) * nEmbd);
        for (int j = 0; j < k; j++) {
            batch.add(down[sel[j]], g, j * ff, y, j * nEmbd);
        }
        if (shared != null) {
            batch.add(shared.down(), sg, 0, y, k * nEmbd);
        }
        batch.run(c);
        java.util.Arrays.fill(out, 0, nEmbd, 0f);
        for (int j = 0; j < k; j++) {
            ops.axpy(wt[j], y, j * nEmbd, out, 0, nEmbd);
        }
        if (shared != null) {
            float gs = 1f;
            if (w.sharedGate() != null) {
                float z = ops.dot(w.sharedGate(), 0, xn, 0, nEmbd);
                gs = (float) (1.0 / (1.0 + Math.exp(-z)));
            }
            ops.axpy(gs, y, k * nEmbd, out, 0, nEmbd);
        }
    }
}
