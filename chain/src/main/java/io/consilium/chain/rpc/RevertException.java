package io.consilium.chain.rpc;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** eth_call or eth_estimateGas reverted; carries the raw revert data (selector + ABI-encoded args). */
public final class RevertException extends RpcErrorException {
    private static final byte[] ERROR_STRING = {0x08, (byte) 0xc3, 0x79, (byte) 0xa0};
    private final byte[] revertData;

    public RevertException(String method, int code, String rpcMessage, byte[] revertData) {
        super(method, code, rpcMessage, Hex.data(revertData));
        this.revertData = revertData.clone();
    }

    public byte[] revertData() {
        return revertData.clone();
    }

    /** The first four bytes of the revert data (the custom error selector), if there are that many. */
    public Optional<byte[]> selector() {
        return revertData.length >= 4 ? Optional.of(Arrays.copyOf(revertData, 4)) : Optional.empty();
    }

    /** The message of a Solidity {@code Error(string)} revert, when the data is one. */
    public Optional<String> reason() {
        if (revertData.length < 68 || !Arrays.equals(Arrays.copyOf(revertData, 4), ERROR_STRING)) {
            return Optional.empty();
        }
        ReturnData r = new ReturnData(Arrays.copyOfRange(revertData, 4, revertData.length));
        return Optional.of(new String(r.bytes(0), StandardCharsets.UTF_8));
    }
}
