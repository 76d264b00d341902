package io.consilium.chain.rpc;

/**
 * The node answered a JSON-RPC request with an error object (not a transport fault). Never retried:
 * a retry would get the same answer. {@code data} is the error's data member as the node sent it
 * (usually 0x-hex), or null.
 */
public class RpcErrorException extends RuntimeException {
    private final String method;
    private final int code;
    private final String rpcMessage;
    private final String data;

    public RpcErrorException(String method, int code, String rpcMessage, String data) {
        super(method + " failed: " + rpcMessage + " (code " + code + ")");
        this.method = method;
        this.code = code;
        this.rpcMessage = rpcMessage == null ? "" : rpcMessage;
        this.data = data;
    }

    public String method() {
        return method;
    }

    public int code() {
        return code;
    }

    public String rpcMessage() {
        return rpcMessage;
    }

    public String data() {
        return data;
    }
}
