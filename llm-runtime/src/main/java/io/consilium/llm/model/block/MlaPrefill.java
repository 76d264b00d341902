package io.consilium.llm.model.block;

import io.consilium.llm.model.MlaConfig;
import io.consilium.llm.tensor.FloatGemm;
import io.consilium.llm.tensor.FloatOps;

/**
 * MLA attention for a chunk of one sequence's prompt in the expanded form: each head's keys (no-rope part) and
 * values are computed once per cached position from the latents, then scores, softmax and the weighted values are
 * matrix products over the chunk ({@link FloatGemm}). Per (token, head) this costs (nope + rope + v) per attended
 * position instead of the absorbed form's (2·kv_lora_rank + rope), plus the expansion once per position — cheaper
 * whenever the chunk is not small against the positions already cached ({@link #cheaper}). Decoding keeps the
 * absorbed form over the latent cache.
 */
final class MlaPrefill {
    /** Rows of scores per block: a block's scores stay in cache while the values are summed. */
    private static final int BLOCK = 32;

    private MlaPrefill() {
    }

    /** Whether expanding beats absorbing for n new tokens after p0 cached ones (multiply-adds per head). */
    static boolean cheaper(MlaConfig cfg, int p0, int n) {
        long lora = cfg.kvLoraRank();
        long perPos = (long) (cfg.nopeDim() + cfg.vDim()) * lora;
        long attended = (long) n * p0 + (long) n * (n + 1) / 2;
        long expanded = (p0 + n) * perPos + attended * (cfg.headDimK() + cfg.vDim());
        long absorbed = n * perPos + attended * (2 * lora + cfg.ropeDim());
        return expanded <= absorbed;
    }

    /**
     * v[(t·nHead + h)·vDim + e] for the n tokens at positions p0.. whose roped queries are q (token t, head h at
     * t·nHead·hdk + h·hdk: nope then rope), over latent and kpe for positions [0, p0 + n).
     */
    static void attend(Compute c, MlaConfig cfg, int nHead, HeadMatrices wkB, HeadMatrices wvB, float[] q,
                       float[] latent, float[] kpe, int p0, int n, float[] v) {
        FloatOps ops = c.ops();
        int lora = cfg.kvLoraRank();
        int nope = cfg.nopeDim();
        int rd = cfg.ropeDim();
        int hdk = cfg.headDimK();
        int vDim = cfg.vDim();
        int qDim = nHead * hdk;
        int total = p0 + n;
        float scale = cfg.kqScale();
        c.pool().parallelFor(nHead, (h0, h1) -> {
            float[] kf = Scratch.floats(Scratch.KF, total * hdk);
            float[] vh = Scratch.floats(Scratch.VH, total * vDim);
            float[] kd = Scratch.floats(Scratch.KD, lora * nope);
            float[] vd = Scratch.floats(Scratch.VD, lora * vDim);
            for (int h = h0; h < h1; h++) {
                // keys: [W_UK_h · latent_j | kpe_j] per position j
                wkB.dequantizeHead(h, kd);
                if (wkB.storedByColumns()) {
                    FloatGemm.nt(latent, 0, lora, total, kd, 0, lora, nope, lora, kf, 0, hdk);
                } else {
                    FloatGemm.nn(latent, 0, lora, total, lora, kd, 0, nope, nope, kf, 0, hdk);
                }
                for (int j = 0; j < total; j++) {
                    System.arraycopy(kpe, j * rd, kf, j * hdk + nope, rd);
                }
                wvB.dequantizeHead(h, vd);
                if (wvB.storedByColumns()) {
                    FloatGemm.nn(latent, 0, lora, total, lora, vd, 0, vDim, vDim, vh, 0, vDim);
                } else {
                    FloatGemm.nt(latent, 0, lora, total, vd, 0, lora, vDim, lora, vh, 0, vDim);
                }
                for (int t0 = 0; t0 < n; t0 += BLOCK) {
                    int m = Math.min(BLOCK, n - t0);
                    int width = p0 + t0 + m;
                    float[] s = Scratch.floats(Scratch.SC, m * width);
                    FloatGemm.nt(q, t0 * qDim + h * hdk, qDim, m, kf, 0, hdk, width, hdk, s, 0, width);
                    for (int i = 0; i < m; i++) {
                        int len = p0 + t0 + i + 1;
                        int row = i * width;
                        ops.scale(s, row, len, scale);
                        ops.softmax(s, row, len);
                        java.util.Arrays.fill(s, row + len, row + width, 0f);
                    }
                    FloatGemm.nn(s, 0, width, m, width, vh, 0, vDim, vDim, v, (t0 * nHead + h) * vDim, nHead * vDim);
                }
            }
        });
    }
}
