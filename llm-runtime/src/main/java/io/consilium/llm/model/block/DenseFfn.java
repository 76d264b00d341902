package io.consilium.llm.model.block;

import io.consilium.llm.tensor.WeightMatrix;

/** SwiGLU feed-forward: down(silu(gate·x) ⊙ up·x). Also the shared expert of MoE layers. */
public final class DenseFfn implements FfnBlock {
    private final WeightMatrix gate;
    private final WeightMatrix up;
    private final WeightMatrix down;

    public DenseFfn(WeightMatrix gate, WeightMatrix up, WeightMatrix down) {
        this.gate = gate;
        this.up = up;
        this.down = down;
    }

    public int width() {
        return gate.rows();
    }

    WeightMatrix gate() {
        return gate;
    }

    WeightMatrix up() {
        return up;
    }

    WeightMatrix down() {
        return down;
    }

    @Override
    public long bytesPerToken() {
        return gate.data().byteSize() + up.data().byteSize() + down.data().byteSize();
    }

    @Override
    public void forward(Compute c, float[] xn, int n, float[] out) {
        forward(c, gate, up, down, xn, 0, n, out);
    }

    /** One SwiGLU over the given matrices, the n input rows from xn[xOff]. */
    static void forward(Compute c, WeightMatrix gate, WeightMatrix up, WeightMatrix down, float[] xn, int xOff, int n,
                        float[] out) {
        int ff = gate.rows();
        // a single token uses the shared expert's scratch slots: a dense layer and a MoE layer never nest
        float[] g = n == 1 ? Scratch.floats(Scratch.SG, ff) : Scratch.floats(Scratch.G2, n * ff);
        float[] u = n == 1 ? Scratch.floats(Scratch.SU, ff) : Scratch.floats(Scratch.U2, n * ff);
        if (n == 1) {
            new LinearBatch().add(gate, xn, xOff, g, 0).add(up, xn, xOff, u, 0).run(c);
        } else if (c.rowwise()) {
            new RowsBatch().add(gate, xn, xOff, n, g, 0).add(up, xn, xOff, n, u, 0).run(c);
        } else {
            c.kernels().matmul(gate, xn, xOff, n, g, 0);
            c.kernels().matmul(up, xn, xOff, n, u, 0);
        }
        c.ops().siluMul(g, 0, u, 0, n * ff);
        c.linear(down, g, n, out);
    }
}
