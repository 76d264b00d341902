package io.consilium.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.RpcErrorException;

/** Adapts the chain module's client to {@link JsonRpc}, keeping node errors apart from transport faults. */
public final class ChainRpc implements JsonRpc {
    private final ChainClient client;

    public ChainRpc(ChainClient client) {
        this.client = client;
    }

    public ChainClient client() {
        return client;
    }

    @Override
    public JsonNode call(String method, Object... params) {
        try {
            return client.rpc(method, params);
        } catch (RpcErrorException e) {
            throw new JsonRpcError(method, e.code(), e.rpcMessage());
        }
    }
}
