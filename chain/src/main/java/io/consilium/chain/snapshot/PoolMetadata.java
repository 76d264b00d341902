package io.consilium.chain.snapshot;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.snapshot.Multicall3.Call;
import io.consilium.chain.snapshot.Multicall3.Result;
import io.consilium.chain.snapshot.SnapshotConfig.PoolRef;
import io.consilium.chain.snapshot.SnapshotConfig.PoolType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Facts that never change for a contract (decimals, token0/token1, fee, tick spacing), read once in one aggregate3. */
final class PoolMetadata {
    record Pool(Address token0, Address token1, int fee, int tickSpacing, double decimalsScale) {}

    private final ChainClient client;
    private final SnapshotConfig config;
    private final Map<Address, Integer> decimals = new HashMap<>();
    private final Map<Address, Pool> pools = new HashMap<>();
    private boolean loaded;

    PoolMetadata(ChainClient client, SnapshotConfig config) {
        this.client = client;
        this.config = config;
    }

    int decimals(Address token) {
        return decimals.get(token);
    }

    Pool pool(Address pool) {
        return pools.get(pool);
    }

    /** Loads on first use; returns the eth_calls made (0 or 2). */
    int ensureLoaded() {
        if (loaded) {
            return 0;
        }
        List<Call> calls = new ArrayList<>();
        for (PoolRef p : config.pools()) {
            calls.add(new Call(p.address(), true, Abi.encodeCall("token0()")));
            calls.add(new Call(p.address(), true, Abi.encodeCall("token1()")));
            if (p.type() == PoolType.V3) {
                calls.add(new Call(p.address(), true, Abi.encodeCall("fee()")));
                calls.add(new Call(p.address(), true, Abi.encodeCall("tickSpacing()")));
            }
        }
        List<Result> r = aggregate(calls);
        Map<PoolRef, Address[]> pairs = new HashMap<>();
        Map<PoolRef, int[]> v3 = new HashMap<>();
        int i = 0;
        Set<Address> tokens = new LinkedHashSet<>(config.tokens().values());
        for (PoolRef p : config.pools()) {
            String what = "pool " + p.name() + " at " + p.address();
            Address t0 = SnapshotReader.ok(r.get(i++), what + " token0() — is it a Uniswap pool on this chain?").address(0);
            Address t1 = SnapshotReader.ok(r.get(i++), what + " token1()").address(0);
            pairs.put(p, new Address[] {t0, t1});
            tokens.add(t0);
            tokens.add(t1);
            if (p.type() == PoolType.V3) {
                int fee = SnapshotReader.ok(r.get(i++), what + " fee() — is it a V3 pool?").uint(0).intValueExact();
                int spacing = SnapshotReader.ok(r.get(i++), what + " tickSpacing()").sint(0).intValueExact();
                v3.put(p, new int[] {fee, spacing});
            }
        }
        List<Address> tokenList = new ArrayList<>(tokens);
        List<Call> dec = tokenList.stream().map(t -> new Call(t, true, Abi.encodeCall("decimals()"))).toList();
        List<Result> d = aggregate(dec);
        for (int k = 0; k < tokenList.size(); k++) {
            decimals.put(tokenList.get(k), SnapshotReader.ok(d.get(k), "decimals() of token " + tokenList.get(k)).uint(0).intValueExact());
        }
        for (PoolRef p : config.pools()) {
            Address[] t = pairs.get(p);
            double scale = Math.pow(10, decimals.get(t[0]) - decimals.get(t[1]));
            int[] fs = v3.getOrDefault(p, new int[] {3000, 0});
            pools.put(p.address(), new Pool(t[0], t[1], fs[0], fs[1], scale));
        }
        loaded = true;
        return 2;
    }

    private List<Result> aggregate(List<Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        byte[] raw = client.call(null, config.multicall(), null, Multicall3.aggregate3(calls), ChainClient.LATEST);
        if (raw.length == 0) {
            throw new ChainUserError("no Multicall3 contract at " + config.multicall() + " on " + client.url()
                    + ": set 'multicall:' in the pools config to the chain's Multicall3 address");
        }
        return Multicall3.decode(raw);
    }
}
