package io.consilium.chain.snapshot;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ReturnData;
import java.util.ArrayList;
import java.util.List;

/** Encoding and decoding of Multicall3's {@code aggregate3} and its block helpers. */
public final class Multicall3 {
    /** Multicall3's address on Ethereum mainnet and most EVM chains (same deployer, same nonce). */
    public static final Address CANONICAL = Address.of("0xcA11bde05977b3631167028862bE2a173976CA11");

    public record Call(Address target, boolean allowFailure, byte[] data) {
        public Call {
            data = data.clone();
        }
    }

    public record Result(boolean success, byte[] returnData) {
        public Result {
            returnData = returnData.clone();
        }

        public ReturnData decode() {
            if (!success) {
                throw new IllegalStateException("the call failed");
            }
            return new ReturnData(returnData);
        }
    }

    private Multicall3() {}

    public static byte[] aggregate3(List<Call> calls) {
        List<List<Object>> tuples = calls.stream().map(c -> List.<Object>of(c.target(), c.allowFailure(), c.data())).toList();
        return Abi.encodeCall("aggregate3((address,bool,bytes)[])", tuples);
    }

    /** Decodes {@code (bool success, bytes returnData)[]}. */
    public static List<Result> decode(byte[] returned) {
        ReturnData arr = new ReturnData(returned).at(0);
        int n = arr.uint(0).intValueExact();
        ReturnData elems = arr.skip(1);
        List<Result> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ReturnData t = elems.at(i);
            out.add(new Result(t.bool(0), t.bytes(1)));
        }
        return out;
    }

    static byte[] getBlockNumber() {
        return Abi.encodeCall("getBlockNumber()");
    }

    static byte[] getCurrentBlockTimestamp() {
        return Abi.encodeCall("getCurrentBlockTimestamp()");
    }

    static byte[] getEthBalance(Address a) {
        return Abi.encodeCall("getEthBalance(address)", a);
    }
}
