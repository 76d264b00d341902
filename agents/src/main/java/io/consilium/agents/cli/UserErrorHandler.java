package io.consilium.agents.cli;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The CLI edge: an error the user caused (a module's {@code *UserError}) becomes one line on stderr
 * and exit code 1; anything else is a bug and keeps its stack trace in the debug log.
 */
final class UserErrorHandler implements IExecutionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(UserErrorHandler.class);

    /** Each module declares one user-error base type; matched by simple name so modules stay independent. */
    private static final Set<String> USER_ERRORS = Set.of(
            "LlmUserError", "ChainUserError", "SandboxUserError", "StrategyUserError", "AgentsUserError");

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
        if (isUserError(ex)) {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        }
        log.debug("internal error", ex);
        cmd.getErr().println("internal error: " + ex.getClass().getSimpleName()
                + (ex.getMessage() == null ? "" : ": " + ex.getMessage()) + " (run with -v for details)");
        return 70;
    }

    static boolean isUserError(Throwable t) {
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (USER_ERRORS.contains(c.getSimpleName())) {
                return true;
            }
        }
        return false;
    }
}
