package io.consilium.chain.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `consilium wallet`: Signing wallets: keystores, mnemonics, signing. */
@Command(name = "wallet", mixinStandardHelpOptions = true,
        description = "Signing wallets: keystores, mnemonics, signing.",
        subcommands = {WalletNewCommand.class, WalletImportCommand.class, WalletListCommand.class, WalletSignTxCommand.class})
public final class WalletCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: choose one of " + spec.subcommands().keySet());
    }
}
