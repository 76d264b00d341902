package io.consilium.chain.rpc;

import io.consilium.chain.ChainUserError;

/** No configured endpoint answered, after retries and failover: the user must start the node or fix the URL. */
public final class RpcUnreachableError extends ChainUserError {
    public RpcUnreachableError(String message, Throwable cause) {
        super(message, cause);
    }
}
