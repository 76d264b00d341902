package io.consilium.chain.snapshot;

import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.TokenAmount;
import java.math.BigInteger;
import java.util.List;

/**
 * Everything read at one block: every value here comes from the same state (one aggregate3 eth_call
 * pinned to {@code blockNumber}, plus at most one follow-up for newly seen ticks, pinned to {@code blockHash}).
 * Prices are token1 per token0 in human units (display only; the integers are exact).
 */
public record MarketSnapshot(long blockNumber, String blockHash, long timestamp, List<NativeBalance> nativeBalances,
                             List<TokenBalance> balances, List<Allowance> allowances, List<V2Pool> v2Pools,
                             List<V3Pool> v3Pools) {
    public MarketSnapshot {
        nativeBalances = List.copyOf(nativeBalances);
        balances = List.copyOf(balances);
        allowances = List.copyOf(allowances);
        v2Pools = List.copyOf(v2Pools);
        v3Pools = List.copyOf(v3Pools);
    }

    public record NativeBalance(Address owner, BigInteger wei) {}

    public record TokenBalance(Address owner, TokenAmount amount) {}

    public record Allowance(Address owner, Address spender, TokenAmount amount) {}

    public record V2Pool(String name, Address address, Address token0, Address token1, BigInteger reserve0,
                         BigInteger reserve1, long blockTimestampLast, double price) {}

    /** {@code ticks}: every initialized tick in the bitmap words around the current one, ascending. */
    public record V3Pool(String name, Address address, Address token0, Address token1, int fee, int tickSpacing,
                         BigInteger sqrtPriceX96, int tick, BigInteger liquidity, int tickLowerBound, int tickUpperBound,
                         List<Tick> ticks, double price) {
        public V3Pool {
            ticks = List.copyOf(ticks);
        }
    }

    public record Tick(int index, BigInteger liquidityGross, BigInteger liquidityNet) {}

    public V2Pool v2(String name) {
        return v2Pools.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    public V3Pool v3(String name) {
        return v3Pools.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
