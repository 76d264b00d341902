package io.consilium.chain.wallet;

import com.fasterxml.jackson.databind.JsonNode;

/** Signs EIP-712 typed data given in the JSON shape of eth_signTypedData_v4; returns 65 bytes r||s||v (v 27/28). */
public interface TypedDataSigner {
    byte[] signTypedData(JsonNode typedData);
}
