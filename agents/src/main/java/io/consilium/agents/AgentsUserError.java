package io.consilium.agents;

/**
 * An error the user caused. The message names the file, key or line and what to do; the CLI prints
 * it as one line and exits non-zero. Never put keys, mnemonics or passwords in it.
 */
public class AgentsUserError extends RuntimeException {
    public AgentsUserError(String message) {
        super(message);
    }

    public AgentsUserError(String message, Throwable cause) {
        super(message, cause);
    }
}
