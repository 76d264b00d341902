package io.consilium.chain.testbed;

import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.domain.Token;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Where the testbed deployed everything: contracts by name (WETH, USDC, WBTC, DAI, UniswapV2Factory,
 * UniswapV2Router02, UniswapV3Factory, SwapRouter, QuoterV2, NonfungiblePositionManager,
 * NonfungibleTokenPositionDescriptor, Multicall3), tokens by symbol, pools by name.
 */
public record AddressBook(ChainId chainId, Map<String, Address> contracts, Map<String, Token> tokens,
                          Map<String, PoolInfo> pools) {
    public AddressBook {
        contracts = Map.copyOf(contracts);
        tokens = Map.copyOf(tokens);
        pools = Map.copyOf(pools);
    }

    public Address contract(String name) {
        Address a = contracts.get(name);
        if (a == null) {
            throw new NoSuchElementException("no contract '" + name + "' in the address book; have " + contracts.keySet());
        }
        return a;
    }

    public Token token(String symbol) {
        Token t = tokens.get(symbol);
        if (t == null) {
            throw new NoSuchElementException("no token '" + symbol + "'; have " + tokens.keySet());
        }
        return t;
    }

    public PoolInfo pool(String name) {
        PoolInfo p = pools.get(name);
        if (p == null) {
            throw new NoSuchElementException("no pool '" + name + "'; have " + pools.keySet());
        }
        return p;
    }
}
