package io.consilium.agents.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class ConsiliumCliTest {

    private static String run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ConsiliumCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        assertEquals(expectedExit, cli.execute(args), () -> "exit code for " + String.join(" ", args) + "\n" + out);
        return out.toString();
    }

    @Test
    void helpListsEveryGroup() {
        String help = run(0, "--help");
        for (String group : new String[] {"run", "backtest", "strategy", "llm", "wallet", "chain", "testbed",
                "sandbox", "audit", "test"}) {
            assertTrue(help.matches("(?s).*\\n\\s+" + group + "\\s+\\S.*"), () -> "help lacks " + group + ":\n" + help);
        }
    }

    @Test
    void unknownCommandIsAUsageError() {
        String out = run(2, "frobnicate");
        assertTrue(out.contains("Unmatched argument") || out.contains("Unknown"), out);
    }

    @Test
    void badOptionIsAUsageError() {
        run(2, "--no-such-option");
    }

    @Test
    void userErrorsAreRecognisedBySimpleNameThroughTheHierarchy() {
        class ChainUserError extends RuntimeException {}
        class KeystoreMissing extends ChainUserError {}
        assertTrue(UserErrorHandler.isUserError(new KeystoreMissing()));
        assertEquals(false, UserErrorHandler.isUserError(new IllegalStateException()));
    }
}
