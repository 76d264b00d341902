package io.consilium.chain.dex;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.dex.v3.TickInfo;
import io.consilium.chain.dex.v3.TickMath;
import io.consilium.chain.dex.v3.V3Pool;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.Hex;
import io.consilium.chain.rpc.ReturnData;
import io.consilium.chain.rpc.RpcCall;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Reads a real UniswapV3Pool's full swap state (slot0, liquidity, fee growth, every initialized tick). */
final class OnChainV3 {
    private final ChainClient client;

    OnChainV3(ChainClient client) {
        this.client = client;
    }

    ReturnData view(Address pool, String signature, Object... args) {
        return new ReturnData(client.call(null, pool, BigInteger.ZERO, Abi.encodeCall(signature, args), ChainClient.LATEST));
    }

    V3Pool load(Address pool) {
        ReturnData slot0 = view(pool, "slot0()");
        int fee = view(pool, "fee()").uint(0).intValueExact();
        int spacing = view(pool, "tickSpacing()").sint(0).intValueExact();
        V3Pool p = new V3Pool(fee, spacing, slot0.uint(0), slot0.sint(1).intValueExact(), view(pool, "liquidity()").uint(0),
                view(pool, "feeGrowthGlobal0X128()").uint(0), view(pool, "feeGrowthGlobal1X128()").uint(0));
        for (int t : initializedTicks(pool, spacing)) {
            p.loadTick(t, tick(pool, t));
        }
        return p;
    }

    TickInfo tick(Address pool, int t) {
        ReturnData r = view(pool, "ticks(int24)", t);
        return new TickInfo(r.uint(0), r.sint(1), r.uint(2), r.uint(3));
    }

    /** Scans every bitmap word a tick of this spacing can live in (batched eth_calls). */
    List<Integer> initializedTicks(Address pool, int spacing) {
        int minWord = Math.floorDiv(TickMath.MIN_TICK, spacing) >> 8;
        int maxWord = Math.floorDiv(TickMath.MAX_TICK, spacing) >> 8;
        List<Integer> out = new ArrayList<>();
        for (int from = minWord; from <= maxWord; from += 200) {
            List<RpcCall> calls = new ArrayList<>();
            int to = Math.min(maxWord, from + 199);
            for (int w = from; w <= to; w++) {
                calls.add(RpcCall.of("eth_call", ChainClient.callObject(null, pool, BigInteger.ZERO,
                        Abi.encodeCall("tickBitmap(int16)", w)), "latest"));
            }
            List<JsonNode> words = client.batch(calls);
            for (int w = from; w <= to; w++) {
                BigInteger bits = new BigInteger(1, Hex.bytes(words.get(w - from).asText()));
                for (int b = bits.getLowestSetBit(); b >= 0 && b < 256; b = nextBit(bits, b)) {
                    out.add(((w << 8) + b) * spacing);
                }
            }
        }
        return out;
    }

    private static int nextBit(BigInteger bits, int b) {
        BigInteger rest = bits.shiftRight(b + 1);
        return rest.signum() == 0 ? -1 : b + 1 + rest.getLowestSetBit();
    }
}
