package io.consilium.llm.model;

/** GGUF tensor names exactly as llama.cpp writes them, so a name can be grepped from a file dump to the code. */
public final class TensorNames {
    public static final String TOKEN_EMBD = "token_embd.weight";
    public static final String OUTPUT_NORM = "output_norm.weight";
    public static final String OUTPUT = "output.weight";
    public static final String ROPE_FREQS = "rope_freqs.weight";

    public static final String ATTN_NORM = "attn_norm";
    public static final String ATTN_Q = "attn_q";
    public static final String ATTN_K = "attn_k";
    public static final String ATTN_V = "attn_v";
    public static final String ATTN_OUTPUT = "attn_output";
    public static final String ATTN_Q_NORM = "attn_q_norm";
    public static final String ATTN_K_NORM = "attn_k_norm";
    public static final String ATTN_Q_A = "attn_q_a";
    public static final String ATTN_Q_A_NORM = "attn_q_a_norm";
    public static final String ATTN_Q_B = "attn_q_b";
    public static final String ATTN_KV_A_MQA = "attn_kv_a_mqa";
    public static final String ATTN_KV_A_NORM = "attn_kv_a_norm";
    public static final String ATTN_KV_B = "attn_kv_b";
    public static final String ATTN_K_B = "attn_k_b";
    public static final String ATTN_V_B = "attn_v_b";
    public static final String FFN_NORM = "ffn_norm";
    public static final String FFN_GATE = "ffn_gate";
    public static final String FFN_UP = "ffn_up";
    public static final String FFN_DOWN = "ffn_down";
    public static final String FFN_GATE_INP = "ffn_gate_inp";
    public static final String FFN_GATE_EXPS = "ffn_gate_exps";
    public static final String FFN_UP_EXPS = "ffn_up_exps";
    public static final String FFN_DOWN_EXPS = "ffn_down_exps";
    public static final String FFN_GATE_SHEXP = "ffn_gate_shexp";
    public static final String FFN_UP_SHEXP = "ffn_up_shexp";
    public static final String FFN_DOWN_SHEXP = "ffn_down_shexp";
    public static final String FFN_GATE_INP_SHEXP = "ffn_gate_inp_shexp";
    public static final String EXP_PROBS_B = "exp_probs_b";

    private TensorNames() {
    }

    /** {@code blk.N.base.weight}. */
    public static String weight(int layer, String base) {
        return "blk." + layer + "." + base + ".weight";
    }

    /** {@code blk.N.base.bias}. */
    public static String bias(int layer, String base) {
        return "blk." + layer + "." + base + ".bias";
    }
}
