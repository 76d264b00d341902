package io.consilium.agents.messages;

import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The market snapshot of one block: every pool the daemon watches and the trading account's
 * balances (token symbol → base units), all read at {@code block}.
 */
public record MarketTick(int version, long chainId, long block, String blockHash, long timestamp,
                         List<Token> tokens, List<PoolState> pools, Address account,
                         Map<String, BigInteger> balances, long observedAtNanos) implements BusMessage {
    public static final int VERSION = 1;

    public MarketTick {
        tokens = List.copyOf(tokens);
        pools = List.copyOf(pools);
        balances = Map.copyOf(balances);
    }

    public Token token(String symbol) {
        return tokens.stream().filter(t -> t.symbol().equals(symbol)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no token " + symbol + " in snapshot"));
    }

    public PoolState pool(String name) {
        return pools.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pool " + name + " in snapshot"));
    }
}
