package io.consilium.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand-written split passes agree with the regexes they replace (run through the general
 * regex pass) on random text mixing the character classes that matter, pre-split into segments.
 */
class FastSplitStepsTest {
    private static final String ALPHABET = "aZé ßΩ01239١٢ \t\n\r\u00a0\u3000.,!?'\"-_~$+<=>^|`@#%&*()[]{}/\\:;"
            + "世界龥가힣ーあア\u0301😀𐐀𝟘";

    static String randomText(SplittableRandom r, int len) {
        int[] cps = ALPHABET.codePoints().toArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            sb.appendCodePoint(cps[r.nextInt(cps.length)]);
        }
        return sb.toString();
    }

    static int[] run(SplitStep step, PreText t, IntArray in) {
        IntArray out = new IntArray(8);
        step.split(t, in, out);
        return out.toArray();
    }

    static IntArray randomSegments(SplittableRandom r, int n) {
        IntArray segs = new IntArray(4);
        int left = n;
        while (left > 0) {
            int len = 1 + r.nextInt(Math.min(left, 12));
            segs.add(len);
            left -= len;
        }
        return segs;
    }

    @Test
    void fastStepsMatchTheRegexes() {
        List<String> runShapes = List.of("\\s?\\p{L}+", "\\s?\\p{P}+", "\\p{N}", "\\p{N}+", "[\\p{P}\\$\\+<=>\\^~\\|]+",
                "[\r\n]", "[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+", "\\s?[!-/:-~\uff01-\uff0f\uff1a-\uff5e\u2018-\u201f\u3000-\u3002]+");
        java.util.Map<String, SplitStep[]> steps = new java.util.LinkedHashMap<>();
        for (String shape : runShapes) {
            RunSplitStep fast = RunSplitStep.of(shape);
            assertNotNull(fast, shape);
            steps.put(shape, new SplitStep[] {new RegexSplitStep(shape), fast});
        }
        steps.put("\\s+$", new SplitStep[] {new RegexSplitStep("\\s+\\z"), new TrailingSpaceSplitStep()});
        steps.put("digit triples", new SplitStep[] {new RegexSplitStep("[0-9][0-9][0-9]"), new DigitTriplesSplitStep()});
        steps.put("gpt2", new SplitStep[] {new RegexSplitStep(
                "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"), CustomSplitStep.gpt2()});
        SplittableRandom r = new SplittableRandom(11);
        for (int iter = 0; iter < 2000; iter++) {
            String s = randomText(r, 1 + r.nextInt(40));
            PreText t = new PreText(s);
            IntArray segs = randomSegments(r, t.length());
            for (var e : steps.entrySet()) {
                assertArrayEquals(run(e.getValue()[0], t, segs), run(e.getValue()[1], t, segs), e.getKey() + " on '" + s + "'");
            }
        }
    }
}
