package io.consilium.strategy;

/**
 * An error the user caused. The message names the file, key or line and what to do; the CLI prints
 * it as one line and exits non-zero. Never put keys, mnemonics or passwords in it.
 */
public class StrategyUserError extends RuntimeException {
    public StrategyUserError(String message) {
        super(message);
    }

    public StrategyUserError(String message, Throwable cause) {
        super(message, cause);
    }
}
