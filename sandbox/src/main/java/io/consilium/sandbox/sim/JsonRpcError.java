package io.consilium.sandbox.sim;

import java.util.Locale;

/** The node answered with a JSON-RPC error object (as opposed to a transport fault or timeout). */
public class JsonRpcError extends RuntimeException {
    private final int code;

    public JsonRpcError(String method, int code, String message) {
        super(method + ": " + message + " (code " + code + ")");
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The call executed and reverted (as opposed to the node refusing the request). */
    public boolean isRevert() {
        String m = getMessage().toLowerCase(Locale.ROOT);
        return code == 3 || m.contains("revert") || m.contains("invalid opcode") || m.contains("out of gas");
    }
}
