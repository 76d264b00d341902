package io.consilium.llm.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium llm`: Local MoE LLM runtime: info, generate, tokenize, bench, synth, serve. */
@Command(name = "llm", mixinStandardHelpOptions = true,
        description = "Local MoE LLM runtime: info, generate, tokenize, bench, synth, serve.",
        subcommands = {InfoCommand.class, GenerateCommand.class, TokenizeCommand.class, BenchCommand.class,
                SynthCommand.class, ConvertLlama2cCommand.class, ServeCommand.class})
public final class LlmCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
