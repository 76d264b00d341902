package io.consilium.llm.model.synth;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgmlType;
import java.util.List;

/**
 * Which GGML type each matrix gets for a {@code --type}. Q4_K_M follows llama.cpp's mix: Q6_K for
 * {@code output}, and for {@code attn_v} and {@code ffn_down} in the layers llama.cpp's use_more_bits picks
 * (the first and last eighth and every third in between), Q4_K elsewhere. A matrix whose input width is not a
 * multiple of the type's block falls back to Q8_0 (or F16), where llama.cpp would pick Q5_0/Q8_0.
 */
record WeightMix(String name, GgmlType base, boolean q4km, int fileType) {
    static final List<String> NAMES = List.of("F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K_M", "Q4_K", "Q5_K", "Q6_K");

    static WeightMix of(String type) {
        return switch (type.toUpperCase(java.util.Locale.ROOT)) {
            case "F32" -> new WeightMix("F32", GgmlType.F32, false, 0);
            case "F16" -> new WeightMix("F16", GgmlType.F16, false, 1);
            case "BF16" -> new WeightMix("BF16", GgmlType.BF16, false, 32);
            case "Q8_0" -> new WeightMix("Q8_0", GgmlType.Q8_0, false, 7);
            case "Q4_0" -> new WeightMix("Q4_0", GgmlType.Q4_0, false, 2);
            case "Q4_K_M" -> new WeightMix("Q4_K_M", GgmlType.Q4_K, true, 15);
            case "Q4_K" -> new WeightMix("Q4_K", GgmlType.Q4_K, false, 14);
            case "Q5_K" -> new WeightMix("Q5_K", GgmlType.Q5_K, false, 16);
            case "Q6_K" -> new WeightMix("Q6_K", GgmlType.Q6_K, false, 18);
            default -> throw new LlmUserError("unknown --type '" + type + "'; use one of " + String.join(", ", NAMES));
        };
    }

    GgmlType typeFor(String tensor, int cols, int layer, int nLayer) {
        GgmlType t = base;
        if (q4km) {
            if (tensor.equals("output.weight")) {
                t = GgmlType.Q6_K;
            } else if ((tensor.endsWith(".attn_v.weight") || tensor.contains(".ffn_down"))
                    && useMoreBits(layer, nLayer)) {
                t = GgmlType.Q6_K;
            }
        }
        if (cols % t.blockSize() != 0) {
            t = cols % 32 == 0 ? GgmlType.Q8_0 : GgmlType.F16;
        }
        return t;
    }

    private static boolean useMoreBits(int i, int n) {
        return i < n / 8 || i >= 7 * n / 8 || (i - n / 8) % 3 == 2;
    }
}
