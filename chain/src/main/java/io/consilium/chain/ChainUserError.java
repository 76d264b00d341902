package io.consilium.chain;

/**
 * An error the user caused (bad address, missing keystore, wrong password, unreachable RPC).
 * The message names the file, key or value and what to do; it never contains key material.
 */
public class ChainUserError extends RuntimeException {
    public ChainUserError(String message) {
        super(message);
    }

    public ChainUserError(String message, Throwable cause) {
        super(message, cause);
    }
}
