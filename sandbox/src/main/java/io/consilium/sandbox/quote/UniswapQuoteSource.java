package io.consilium.sandbox.quote;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.abi.DecodedCall;
import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.Hex;
import io.consilium.sandbox.policy.Quote;
import io.consilium.sandbox.policy.QuoteSource;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.Simulation;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Quotes swaps through the Uniswap V2 router and V3 SwapRouter from the pools' own quoting functions
 * (V2 getAmountsOut, V3 QuoterV2) at the simulated block: independent of the request's own minimum,
 * so a swap that pays less than the pools quote (a taxed token, output sent elsewhere) shows as slippage.
 */
public final class UniswapQuoteSource implements QuoteSource {
    private static final String V2_EXACT_IN = "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)";
    private static final String V2_EXACT_IN_ETH_OUT = "swapExactTokensForETH(uint256,uint256,address[],address,uint256)";
    private static final String V2_EXACT_ETH_IN = "swapExactETHForTokens(uint256,address[],address,uint256)";
    private static final String V3_EXACT_IN_SINGLE =
            "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))";

    private final JsonRpc rpc;
    private final Address v2Router;
    private final Address v3Router;
    private final Address quoterV2;

    /** Any of the addresses may be null when that venue is not deployed. */
    public UniswapQuoteSource(JsonRpc rpc, Address v2Router, Address v3Router, Address quoterV2) {
        this.rpc = rpc;
        this.v2Router = v2Router;
        this.v3Router = v3Router;
        this.quoterV2 = quoterV2;
    }

    @Override
    public Optional<Quote> quote(Eip1559Tx tx, Simulation sim) {
        if (tx.to() == null || !sim.success()) {
            return Optional.empty();
        }
        byte[] data = tx.data();
        String tag = Hex.quantity(sim.blockNumber());
        if (tx.to().equals(v2Router)) {
            Optional<DecodedCall> c = Abi.tryDecodeCall(V2_EXACT_IN, data);
            boolean ethOut = false;
            if (c.isEmpty()) {
                c = Abi.tryDecodeCall(V2_EXACT_IN_ETH_OUT, data);
                ethOut = c.isPresent();
            }
            if (c.isPresent()) {
                return v2(c.get().uint(0), path(c.get().arg(2)), ethOut, tag);
            }
            Optional<DecodedCall> e = Abi.tryDecodeCall(V2_EXACT_ETH_IN, data);
            if (e.isPresent()) {
                return v2(tx.value(), path(e.get().arg(1)), false, tag);
            }
        }
        if (tx.to().equals(v3Router) && quoterV2 != null) {
            Optional<DecodedCall> c = Abi.tryDecodeCall(V3_EXACT_IN_SINGLE, data);
            if (c.isPresent()) {
                List<Object> p = c.get().tuple(0);
                byte[] q = Abi.encodeCall("quoteExactInputSingle((address,address,uint256,uint24,uint160))",
                        List.of(p.get(0), p.get(1), p.get(5), p.get(2), BigInteger.ZERO));
                List<Object> out = Abi.decode("(uint256,uint160,uint32,uint256)", call(quoterV2, q, tag));
                return Optional.of(new Quote("QuoterV2", (Address) p.get(1), (BigInteger) out.get(0)));
            }
        }
        return Optional.empty();
    }

    private Optional<Quote> v2(BigInteger amountIn, List<Address> path, boolean ethOut, String tag) {
        if (path.size() < 2) {
            return Optional.empty();
        }
        byte[] q = Abi.encodeCall("getAmountsOut(uint256,address[])", amountIn, path);
        List<Object> out = Abi.decode("(uint256[])", call(v2Router, q, tag));
        @SuppressWarnings("unchecked")
        List<Object> amounts = (List<Object>) out.get(0);
        Address tokenOut = ethOut ? Address.ZERO : path.getLast();
        return Optional.of(new Quote("UniswapV2Router02.getAmountsOut", tokenOut, (BigInteger) amounts.getLast()));
    }

    private byte[] call(Address to, byte[] data, String tag) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", to.hex());
        call.put("data", Hex.data(data));
        return Hex.bytes(rpc.call("eth_call", call, tag).asText());
    }

    @SuppressWarnings("unchecked")
    private static List<Address> path(Object o) {
        return ((List<Object>) o).stream().map(a -> (Address) a).toList();
    }
}
