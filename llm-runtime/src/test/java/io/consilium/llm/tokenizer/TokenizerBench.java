package io.consilium.llm.tokenizer;

import io.consilium.llm.gguf.GgufFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures encode speed on 1 MB of text per vocab (prints, asserts nothing). Two texts: the llama.cpp
 * test strings repeated (mixed scripts, emoji, whitespace runs) and pseudo-English built from a
 * fixed word list with a fixed seed. Args: the vocab directory (default: shared/data/tokenizer).
 */
public final class TokenizerBench {
    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : VocabFilesTest.dir();
        String[] names = {"ggml-vocab-llama-spm.gguf", "ggml-vocab-gpt-2.gguf", "ggml-vocab-deepseek-llm.gguf",
                "ggml-vocab-deepseek-coder.gguf", "ggml-vocab-falcon.gguf", "ggml-vocab-starcoder.gguf", "ggml-vocab-bert-bge.gguf"};
        String mixed = repeatTo(String.join("\n", VocabFilesTest.inputs(dir.resolve(names[0]))), 1 << 20);
        String english = english(1 << 20);
        for (String name : names) {
            Tokenizer tok;
            long t0 = System.nanoTime();
            try (GgufFile f = GgufFile.open(dir.resolve(name))) {
                tok = Tokenizers.fromGguf(f);
            }
            long load = System.nanoTime() - t0;
            for (String[] text : List.of(new String[] {"mixed", mixed}, new String[] {"english", english})) {
                tok.encode(text[1].substring(0, 200_000)); // warm-up
                long best = Long.MAX_VALUE;
                int n = 0;
                for (int r = 0; r < 3; r++) {
                    long s = System.nanoTime();
                    n = tok.encode(text[1]).length;
                    best = Math.min(best, System.nanoTime() - s);
                }
                System.out.printf("%-32s %-8s %7.1f KB -> %7d tokens  encode %6.1f ms (best of 3)  load %5.0f ms%n",
                        name, text[0], text[1].getBytes(StandardCharsets.UTF_8).length / 1024.0, n, best / 1e6, load / 1e6);
            }
        }
    }

    static String repeatTo(String s, int bytes) {
        StringBuilder sb = new StringBuilder();
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length < bytes) {
            sb.append(s).append('\n');
        }
        return sb.toString();
    }

    static String english(int bytes) {
        String[] words = ("the of and to in a is that for it as was with be by on not he I this are or his from at which "
                + "but have an they you were her she there would their we him been has when who will more no if out so "
                + "said what up its about into than them can only other new some could time these two may then do first "
                + "any my now such like our over man me even most made after also did many before must through years "
                + "where much your way well down should because each just those people Mr how too little state good very "
                + "make world still own see men work long get here between both life being under never day same another "
                + "know while last might us great old year off come since against go came right used take three tokenizer "
                + "Ethereum liquidity rebalance 2024 3.14159 USDC/ETH slippage=0.5% don't we'll they're").split(" ");
        SplittableRandom rnd = new SplittableRandom(42);
        StringBuilder sb = new StringBuilder(bytes + 64);
        int sentence = 0;
        while (sb.length() < bytes) {
            String w = words[rnd.nextInt(words.length)];
            sb.append(sentence == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
            sentence++;
            if (sentence > 8 && rnd.nextInt(6) == 0) {
                sb.append(rnd.nextInt(4) == 0 ? ".\n\n" : ". ");
                sentence = 0;
            } else {
                sb.append(rnd.nextInt(12) == 0 ? ", " : " ");
            }
        }
        return sb.toString();
    }
}
