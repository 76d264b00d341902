package io.consilium.llm.tokenizer;

import io.consilium.llm.LlmUserError;
import java.util.List;

/**
 * The pre-tokenizer of a byte-level BPE vocab: splits text into words before BPE merges, chosen by
 * the GGUF key {@code tokenizer.ggml.pre}. The regex lists and their order follow llama.cpp's
 * {@code llm_tokenizer_bpe} (each regex further splits the pieces the previous one produced).
 */
final class PreTokenizer {
    private static final String GPT2 = "gpt2";
    private static final String LLAMA3 = "llama3";
    private static final String TRAILING_SPACE = "\\s+$";
    private static final String DIGIT_TRIPLES = "[0-9][0-9][0-9]";
    private static final String QWEN2 =
            "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String CJK = "[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+";
    private static final String DEEPSEEK_LLM_LETTERS = "\\s?[A-Za-z\u00b5\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u01ba\u01bc-\u01bf"
            + "\u01c4-\u0293\u0295-\u02af\u0370-\u0373\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u038a\u038c"
            + "\u038e-\u03a1\u03a3-\u03f5\u03f7-\u0481\u048a-\u052f\u0531-\u0556\u10a0-\u10c5\u13a0-\u13f5"
            + "\u13f8-\u13fd\u1c90-\u1cba\u1cbd-\u1cbf\u1d00-\u1d2b\u1d6b-\u1d77\u1d79-\u1d9a\u1e00-\u1f15"
            + "\u1f18-\u1f1d\u1f20-\u1f45\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4"
            + "\u1fb6-\u1fbc\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb\u1fe0-\u1fec\u1ff2-\u1ff4"
            + "\u1ff6-\u1ffc\u2102\u2107\u210a-\u2113\u2115\u2119-\u211d\u2124\u2126\u2128\u212a-\u212d"
            + "\u212f-\u2134\u2139\u213c-\u213f\u2145-\u2149\u214e\u2183\u2184\u2c00-\u2c7b\u2c7e-\u2ce4"
            + "\u2ceb-\u2cee\u2cf2\u2cf3\ua640-\ua66d\ua680-\ua69b\ua722-\ua76f\ua771-\ua787\ua78b-\ua78e"
            + "\uab70-\uabbf\ufb00-\ufb06\ufb13-\ufb17\uff21-\uff3a\uff41-\uff5a\\x{10400}-\\x{1044f}"
            + "\\x{104b0}-\\x{104d3}\\x{104d8}-\\x{104fb}\\x{10c80}-\\x{10cb2}\\x{10cc0}-\\x{10cf2}"
            + "\\x{118a0}-\\x{118df}\\x{1e900}-\\x{1e943}]+";
    private static final String PORO = " ?[^(\\s|.,!?\u2026\u3002\uff0c\u3001\u0964\u06d4\u060c)]+";

    private final String name;
    private final List<SplitStep> steps;

    private PreTokenizer(String name, List<SplitStep> steps) {
        this.name = name;
        this.steps = steps;
    }

    String name() {
        return name;
    }

    /** llama.cpp's names for tokenizer.ggml.pre; an empty or absent name means "default". */
    static PreTokenizer forName(String pre) {
        String p = pre == null || pre.isEmpty() ? "default" : pre;
        List<String> regexes = switch (p) {
            case "default" -> List.of("[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, "\\p{N}+", DIGIT_TRIPLES);
            case "llama3", "llama-v3", "llama-bpe", "falcon3", "dbrx", "smaug-bpe", "chatglm-bpe" -> List.of(LLAMA3);
            case "deepseek-llm" -> List.of("[\r\n]", DEEPSEEK_LLM_LETTERS,
                    "\\s?[!-/:-~\uff01-\uff0f\uff1a-\uff5e\u2018-\u201f\u3000-\u3002]+", TRAILING_SPACE, CJK, "\\p{N}+");
            case "deepseek-v3" -> List.of("\\p{N}{1,3}", "[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+",
                    "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+"
                    + "| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+");
            case "deepseek-coder" -> List.of("[\r\n]", "\\s?\\p{L}+", "\\s?\\p{P}+", CJK, "\\p{N}");
            case "falcon" -> List.of("[\\p{P}\\$\\+<=>\\^~\\|]+", GPT2, DIGIT_TRIPLES);
            case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b" ->
                    List.of("\\p{N}", GPT2);
            case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v1-en", "jina-v2-es", "jina-v2-de",
                 "jina-v2-code", "roberta-bpe", "mpt", "olmo", "jais" -> List.of(GPT2);
            case "qwen2", "deepseek-r1-qwen", "stablelm2", "megrez" -> List.of(QWEN2);
            case "poro-chat", "bloom", "gpt3-finnish" -> List.of(PORO);
            case "viking" -> List.of(PORO, "\\p{N}");
            case "chameleon" -> List.of("<sentinel:[0-9]+>", "(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z",
                    "([\\t\\n]|    |  )", "\\p{N}", "[\\p{P}!-/:-@\\[-`{-~]", GPT2);
            case "tekken" -> List.of("[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+"
                    + "|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}"
                    + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");
            default -> throw new LlmUserError("unknown pre-tokenizer tokenizer.ggml.pre = '" + pre
                    + "'; supported: llama-bpe, qwen2, deepseek-llm, deepseek-v3, deepseek-coder, falcon, mpt, "
                    + "starcoder, refact, command-r, gpt-2, roberta-bpe, chameleon, ... (see PreTokenizer)");
        };
        List<SplitStep> steps = regexes.stream().map(PreTokenizer::step).toList();
        return new PreTokenizer(p, steps);
    }

    private static SplitStep step(String regex) {
        return switch (regex) {
            case GPT2 -> CustomSplitStep.gpt2();
            case LLAMA3 -> CustomSplitStep.llama3();
            case TRAILING_SPACE -> new TrailingSpaceSplitStep();
            case DIGIT_TRIPLES -> new DigitTriplesSplitStep();
            default -> {
                RunSplitStep fast = RunSplitStep.of(regex);
                yield fast != null ? fast : new RegexSplitStep(regex);
            }
        };
    }

    /** Segment lengths, in codepoints of {@code text}, covering it in order. */
    IntArray split(PreText text) {
        IntArray segs = new IntArray(1);
        if (text.length() == 0) {
            return segs;
        }
        segs.add(text.length());
        for (SplitStep s : steps) {
            IntArray next = new IntArray(segs.size() * 2);
            s.split(text, segs, next);
            segs = next;
        }
        return segs;
    }
}
