package io.consilium.chain.rpc;

import java.util.List;

/** One JSON-RPC method call, for {@link ChainClient#batch(List)}. Params are Jackson-serialisable values. */
public record RpcCall(String method, List<Object> params) {
    public static RpcCall of(String method, Object... params) {
        return new RpcCall(method, List.of(params));
    }
}
