package io.consilium.llm.cli;

import io.consilium.llm.model.llama2c.Llama2cConverter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium llm convert-llama2c`: llama2.c checkpoint + tokenizer.bin → GGUF llama model. */
@Command(name = "convert-llama2c", mixinStandardHelpOptions = true,
        description = "Convert a llama2.c checkpoint and its tokenizer.bin to a GGUF llama model.")
public final class ConvertLlama2cCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "llama2.c model .bin (legacy or version 1)")
    Path checkpoint;

    @Option(names = "--tokenizer", required = true, description = "llama2.c tokenizer .bin")
    Path tokenizer;

    @Option(names = "--out", required = true, description = "output .gguf file")
    Path out;

    @Override
    public Integer call() {
        String name = checkpoint.getFileName().toString().replaceFirst("\\.bin$", "");
        Llama2cConverter.Params p = Llama2cConverter.convert(checkpoint, tokenizer, out, name);
        spec.commandLine().getOut().printf("wrote %s: llama, dim %d, %d layers, %d/%d heads, ff %d, vocab %d, ctx %d%n",
                out, p.dim(), p.nLayers(), p.nHeads(), p.nKvHeads(), p.hiddenDim(), p.vocabSize(), p.seqLen());
        return 0;
    }
}
