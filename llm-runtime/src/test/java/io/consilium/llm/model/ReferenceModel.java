package io.consilium.llm.model;

import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufTensorInfo;
import io.consilium.llm.tensor.Dequantizer;
import java.util.HashMap;
import java.util.Map;

/**
 * The plain, slow, obviously-right forward pass the engine is tested against: every weight dequantized to floats
 * up front, scalar double-accumulated loops, no cache (every call recomputes the whole sequence), no threads,
 * no expert grouping, and MLA in its expanded form (per-head keys and values rebuilt from the latent).
 */
final class ReferenceModel {
    private final GgufFile file;
    private final ModelConfig c;
    private final Map<String, float[]> cache = new HashMap<>();

    ReferenceModel(GgufFile file, ModelConfig config) {
        this.file = file;
        this.c = config;
    }

    private float[] t(String name) {
        return cache.computeIfAbsent(name, n -> {
            GgufTensorInfo info = file.tensor(n);
            float[] out = new float[(int) info.elementCount()];
            Dequantizer.dequantize(info.type(), file.data(info), 0, out, 0, out.length);
            return out;
        });
    }

    private float[] opt(String name) {
        return file.findTensor(name).isPresent() ? t(name) : null;
    }

    private static String w(int l, String base) {
        return "blk." + l + "." + base + ".weight";
    }

    /** Logits (vocab) for every position of {@code tokens}. */
    float[][] forward(int[] tokens) {
        int n = tokens.length;
        int d = c.nEmbd();
        float[] embd = t("token_embd.weight");
        float[][] x = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(embd, tokens[i] * d, x[i], 0, d);
        }
        for (int l = 0; l < c.nLayer(); l++) {
            float[][] xn = new float[n][];
            for (int i = 0; i < n; i++) {
                xn[i] = rmsnorm(x[i], t(w(l, "attn_norm")));
            }
            float[][] att = c.isMla() ? mla(l, xn) : gqa(l, xn);
            for (int i = 0; i < n; i++) {
                add(x[i], att[i]);
                float[] h = rmsnorm(x[i], t(w(l, "ffn_norm")));
                add(x[i], c.isMoeLayer(l) ? moe(l, h) : swiglu(t(w(l, "ffn_gate")), t(w(l, "ffn_up")),
                        t(w(l, "ffn_down")), h, c.nFf()));
            }
        }
        float[] out = opt("output.weight");
        if (out == null) {
            out = embd;
        }
        float[][] logits = new float[n][];
        for (int i = 0; i < n; i++) {
            logits[i] = matvec(out, rmsnorm(x[i], t("output_norm.weight")), c.vocabSize(), d);
        }
        return logits;
    }

    private float[][] gqa(int l, float[][] xn) {
        AttentionConfig a = c.attention();
        int n = xn.length;
        int d = c.nEmbd();
        int hd = a.headDimK();
        float[][] q = new float[n][];
        float[][] k = new float[n][];
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            q[i] = matvec(t(w(l, "attn_q")), xn[i], a.qDim(), d);
            k[i] = matvec(t(w(l, "attn_k")), xn[i], a.kDim(), d);
            v[i] = matvec(t(w(l, "attn_v")), xn[i], a.vDim(), d);
            addOpt(q[i], opt("blk." + l + ".attn_q.bias"));
            addOpt(k[i], opt("blk." + l + ".attn_k.bias"));
            addOpt(v[i], opt("blk." + l + ".attn_v.bias"));
            if (a.qkNorm() == AttentionConfig.QkNorm.FULL) {
                q[i] = rmsnorm(q[i], t(w(l, "attn_q_norm")));
                k[i] = rmsnorm(k[i], t(w(l, "attn_k_norm")));
            }
            for (int h = 0; h < a.nHead(); h++) {
                if (a.qkNorm() == AttentionConfig.QkNorm.PER_HEAD) {
                    normSlice(q[i], h * hd, hd, t(w(l, "attn_q_norm")));
                }
                rope(q[i], h * hd, i);
            }
            for (int h = 0; h < a.nHeadKv(); h++) {
                if (a.qkNorm() == AttentionConfig.QkNorm.PER_HEAD) {
                    normSlice(k[i], h * hd, hd, t(w(l, "attn_k_norm")));
                }
                rope(k[i], h * hd, i);
            }
        }
        int group = a.nHead() / a.nHeadKv();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] o = new float[a.nHead() * a.headDimV()];
            for (int h = 0; h < a.nHead(); h++) {
                int kh = h / group;
                double[] s = new double[i + 1];
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int e = 0; e < hd; e++) {
                        dot += (double) q[i][h * hd + e] * k[j][kh * hd + e];
                    }
                    s[j] = dot / Math.sqrt(hd);
                }
                softmax(s);
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < a.headDimV(); e++) {
                        o[h * a.headDimV() + e] += (float) (s[j] * v[j][kh * a.headDimV() + e]);
                    }
                }
            }
            out[i] = matvec(t(w(l, "attn_output")), o, d, o.length);
        }
        return out;
    }

    /** MLA expanded: per-head k_nope and v rebuilt from the latent with W_UK / W_UV. */
    private float[][] mla(int l, float[][] xn) {
        MlaConfig m = c.mla();
        int n = xn.length;
        int d = c.nEmbd();
        int nh = c.attention().nHead();
        int hdk = m.headDimK();
        int lora = m.kvLoraRank();
        float[] wkB = t(w(l, "attn_k_b"));   // [head][lora][nope]
        float[] wvB = t(w(l, "attn_v_b"));   // [head][v][lora]
        float[][] q = new float[n][];
        float[][] latent = new float[n][];
        float[][] kpe = new float[n][];
        for (int i = 0; i < n; i++) {
            if (m.qLoraRank() > 0) {
                float[] qa = rmsnorm(matvec(t(w(l, "attn_q_a")), xn[i], m.qLoraRank(), d), t(w(l, "attn_q_a_norm")));
                q[i] = matvec(t(w(l, "attn_q_b")), qa, nh * hdk, m.qLoraRank());
            } else {
                q[i] = matvec(t(w(l, "attn_q")), xn[i], nh * hdk, d);
            }
            float[] kva = matvec(t(w(l, "attn_kv_a_mqa")), xn[i], lora + m.ropeDim(), d);
            float[] lat = new float[lora];
            System.arraycopy(kva, 0, lat, 0, lora);
            latent[i] = rmsnorm(lat, t(w(l, "attn_kv_a_norm")));
            kpe[i] = new float[m.ropeDim()];
            System.arraycopy(kva, lora, kpe[i], 0, m.ropeDim());
            rope(kpe[i], 0, i);
            for (int h = 0; h < nh; h++) {
                rope(q[i], h * hdk + m.nopeDim(), i);
            }
        }
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] o = new float[nh * m.vDim()];
            for (int h = 0; h < nh; h++) {
                double[] s = new double[i + 1];
                float[][] vj = new float[i + 1][m.vDim()];
                for (int j = 0; j <= i; j++) {
                    double dot = 0;
                    for (int e = 0; e < m.nopeDim(); e++) {
                        double kn = 0;
                        for (int r = 0; r < lora; r++) {
                            kn += (double) wkB[(h * lora + r) * m.nopeDim() + e] * latent[j][r];
                        }
                        dot += q[i][h * hdk + e] * kn;
                    }
                    for (int e = 0; e < m.ropeDim(); e++) {
                        dot += (double) q[i][h * hdk + m.nopeDim() + e] * kpe[j][e];
                    }
                    s[j] = dot * m.kqScale();
                    for (int e = 0; e < m.vDim(); e++) {
                        double acc = 0;
                        for (int r = 0; r < lora; r++) {
                            acc += (double) wvB[(h * m.vDim() + e) * lora + r] * latent[j][r];
                        }
                        vj[j][e] = (float) acc;
                    }
                }
                softmax(s);
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < m.vDim(); e++) {
                        o[h * m.vDim() + e] += (float) (s[j] * vj[j][e]);
                    }
                }
            }
            out[i] = matvec(t(w(l, "attn_output")), o, d, o.length);
        }
        return out;
    }

    private float[] moe(int l, float[] x) {
        MoeConfig m = c.moe();
        int d = c.nEmbd();
        int ne = m.nExpert();
        float[] logits = matvec(t(w(l, "ffn_gate_inp")), x, ne, d);
        double[] p = new double[ne];
        for (int e = 0; e < ne; e++) {
            p[e] = logits[e];
        }
        if (m.gating() == MoeConfig.Gating.SOFTMAX) {
            softmax(p);
        } else {
            for (int e = 0; e < ne; e++) {
                p[e] = 1 / (1 + Math.exp(-p[e]));
            }
        }
        double[] sel = p.clone();
        float[] bias = opt("blk." + l + ".exp_probs_b.bias");
        for (int e = 0; bias != null && e < ne; e++) {
            sel[e] += bias[e];
        }
        if (m.groupLimited()) {
            int per = ne / m.nGroup();
            double[] gs = new double[m.nGroup()];
            for (int g = 0; g < m.nGroup(); g++) {
                double[] part = java.util.Arrays.copyOfRange(sel, g * per, (g + 1) * per);
                java.util.Arrays.sort(part);
                gs[g] = part[per - 1] + part[per - 2];
            }
            double[] sorted = gs.clone();
            java.util.Arrays.sort(sorted);
            double cut = sorted[m.nGroup() - m.nGroupUsed()];
            for (int g = 0; g < m.nGroup(); g++) {
                if (gs[g] < cut) {
                    for (int e = g * per; e < (g + 1) * per; e++) {
                        sel[e] = Double.NEGATIVE_INFINITY;
                    }
                }
            }
        }
        int k = m.nExpertUsed();
        int[] chosen = new int[k];
        boolean[] used = new boolean[ne];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int e = 0; e < ne; e++) {
                if (!used[e] && (best < 0 || sel[e] > sel[best])) {
                    best = e;
                }
            }
            used[best] = true;
            chosen[j] = best;
            sum += p[best];
        }
        float[] out = new float[d];
        int ff = m.expertFf();
        float[] gate = t(w(l, "ffn_gate_exps"));
        float[] up = t(w(l, "ffn_up_exps"));
        float[] down = t(w(l, "ffn_down_exps"));
        for (int j = 0; j < k; j++) {
            int e = chosen[j];
            double wgt = m.normTopK() ? p[e] / sum : p[e];
            wgt *= m.weightsScale();
            float[] y = swiglu(slice(gate, e * ff * d, ff * d), slice(up, e * ff * d, ff * d),
                    slice(down, e * d * ff, d * ff), x, ff);
            for (int i = 0; i < d; i++) {
                out[i] += (float) (wgt * y[i]);
            }
        }
        if (m.sharedFf() > 0) {
            float[] y = swiglu(t(w(l, "ffn_gate_shexp")), t(w(l, "ffn_up_shexp")), t(w(l, "ffn_down_shexp")), x,
                    m.sharedFf());
            double g = 1;
            if (m.sharedGated()) {
                float[] gw = t(w(l, "ffn_gate_inp_shexp"));
                double z = 0;
                for (int i = 0; i < d; i++) {
                    z += (double) gw[i] * x[i];
                }
                g = 1 / (1 + Math.exp(-z));
            }
            for (int i = 0; i < d; i++) {
                out[i] += (float) (g * y[i]);
            }
        }
        return out;
    }

    private float[] swiglu(float[] gate, float[] up, float[] down, float[] x, int ff) {
        int d = c.nEmbd();
        float[] g = matvec(gate, x, ff, d);
        float[] u = matvec(up, x, ff, d);
        for (int i = 0; i < ff; i++) {
            g[i] = (float) (g[i] / (1 + Math.exp(-g[i])) * u[i]);
        }
        return matvec(down, g, d, ff);
    }

    /** ggml_rope_ext on the nRot values at off, position pos (normal or NeoX pairs, YaRN ramp). */
    private void rope(float[] x, int off, int pos) {
        RopeConfig r = c.rope();
        int nd = r.nRot();
        double low = 0;
        double high = 0;
        if (r.extFactor() != 0) {
            low = Math.max(0, Math.floor(corr(nd, r.nCtxOrig(), r.betaFast(), r.freqBase())));
            high = Math.min(nd - 1, Math.ceil(corr(nd, r.nCtxOrig(), r.betaSlow(), r.freqBase())));
        }
        for (int i = 0; i < nd / 2; i++) {
            float[] factors = opt("rope_freqs.weight");
            double extrap = pos * Math.pow(r.freqBase(), -2.0 * i / nd) / (factors == null ? 1 : factors[i]);
            double theta = r.freqScale() * extrap;
            double mscale = r.attnFactor();
            if (r.extFactor() != 0) {
                double y = (i - low) / Math.max(0.001, high - low);
                double ramp = (1 - Math.min(1, Math.max(0, y))) * r.extFactor();
                theta = theta * (1 - ramp) + extrap * ramp;
                mscale *= 1 + 0.1 * Math.log(1 / r.freqScale());
            }
            double cs = Math.cos(theta) * mscale;
            double sn = Math.sin(theta) * mscale;
            int a = r.type() == RopeConfig.Type.NORM ? off + 2 * i : off + i;
            int b = r.type() == RopeConfig.Type.NORM ? a + 1 : a + nd / 2;
            double x0 = x[a];
            double x1 = x[b];
            x[a] = (float) (x0 * cs - x1 * sn);
            x[b] = (float) (x0 * sn + x1 * cs);
        }
    }

    private static double corr(int nd, int ctx, float rot, float base) {
        return nd * Math.log(ctx / (rot * 2 * Math.PI)) / (2 * Math.log(base));
    }

    private float[] rmsnorm(float[] x, float[] wt) {
        double ss = 0;
        for (float v : x) {
            ss += (double) v * v;
        }
        double scale = 1 / Math.sqrt(ss / x.length + c.rmsEps());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * scale * wt[i]);
        }
        return out;
    }

    private void normSlice(float[] x, int off, int n, float[] wt) {
        float[] part = rmsnorm(java.util.Arrays.copyOfRange(x, off, off + n), wt);
        System.arraycopy(part, 0, x, off, n);
    }

    private static float[] matvec(float[] wt, float[] x, int rows, int cols) {
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) {
            double acc = 0;
            for (int col = 0; col < cols; col++) {
                acc += (double) wt[r * cols + col] * x[col];
            }
            out[r] = (float) acc;
        }
        return out;
    }

    private static float[] slice(float[] a, int off, int n) {
        return java.util.Arrays.copyOfRange(a, off, off + n);
    }

    private static void softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.exp(s[i] - max);
            sum += s[i];
        }
        for (int i = 0; i < s.length; i++) {
            s[i] /= sum;
        }
    }

    private static void add(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    private static void addOpt(float[] a, float[] b) {
        if (b != null) {
            add(a, b);
        }
    }
}
