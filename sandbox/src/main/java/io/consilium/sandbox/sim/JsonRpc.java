package io.consilium.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON-RPC access the sandbox needs: one method, raw JSON in and out. {@code ChainClient::rpc}
 * fits it; tests pass fakes. Any exception thrown is a failed call; simulators turn it into a denial.
 */
@FunctionalInterface
public interface JsonRpc {
    JsonNode call(String method, Object... params);
}
