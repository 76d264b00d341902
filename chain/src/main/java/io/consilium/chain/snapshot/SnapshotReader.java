package io.consilium.chain.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.domain.TokenAmount;
import io.consilium.chain.rpc.BlockHeader;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.Hex;
import io.consilium.chain.rpc.ReturnData;
import io.consilium.chain.rpc.RpcCall;
import io.consilium.chain.snapshot.MarketSnapshot.Allowance;
import io.consilium.chain.snapshot.MarketSnapshot.NativeBalance;
import io.consilium.chain.snapshot.MarketSnapshot.TokenBalance;
import io.consilium.chain.snapshot.MarketSnapshot.V2Pool;
import io.consilium.chain.snapshot.MarketSnapshot.V3Pool;
import io.consilium.chain.snapshot.Multicall3.Call;
import io.consilium.chain.snapshot.Multicall3.Result;
import io.consilium.chain.snapshot.SnapshotConfig.PoolRef;
import io.consilium.chain.snapshot.SnapshotConfig.PoolType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link MarketSnapshot} with ONE Multicall3 {@code aggregate3} eth_call pinned to one block:
 * for an explicit block number the header and the call travel in one JSON-RPC batch (one HTTP round
 * trip); for "latest" the header is read first and the call pinned to its hash (two round trips). V3 tick data needs the tick bitmap before
 * the ticks, so the reader remembers each pool's bitmap window and initialized ticks and reads them in
 * the same aggregate3 next time; only when the price left the window or liquidity was added at new ticks
 * does it make a follow-up aggregate3, pinned to the snapshot's block hash. Static facts (decimals,
 * token0/token1, fee, tick spacing) are read once. Not thread-safe: one reader per consumer.
 */
public final class SnapshotReader {
    private final ChainClient client;
    private final SnapshotConfig config;
    private final PoolMetadata meta;
    private final Map<Address, TickCache> tickCaches = new HashMap<>();
    private int lastEthCalls;
    private Boolean liveHead;

    public SnapshotReader(ChainClient client, SnapshotConfig config) {
        this.client = client;
        this.config = config;
        this.meta = new PoolMetadata(client, config);
    }

    /** eth_calls the last {@link #read(long)} made (1 in the steady state, plus the one-off metadata read). */
    public int lastEthCalls() {
        return lastEthCalls;
    }

    /** The snapshot at {@code block} (a number, or {@link ChainClient#LATEST}). */
    public MarketSnapshot read(long block) {
        lastEthCalls = meta.ensureLoaded();
        List<Call> calls = new ArrayList<>();
        Address mc = config.multicall();
        calls.add(new Call(mc, false, Multicall3.getBlockNumber()));
        calls.add(new Call(mc, false, Multicall3.getCurrentBlockTimestamp()));
        for (Address a : config.accounts()) {
            calls.add(new Call(mc, true, Multicall3.getEthBalance(a)));
        }
        for (Address token : config.tokens().values()) {
            for (Address a : config.accounts()) {
                calls.add(new Call(token, true, Abi.encodeCall("balanceOf(address)", a)));
            }
        }
        for (SnapshotConfig.AllowanceRef r : config.allowances()) {
            calls.add(new Call(config.tokens().get(r.token()), true,
                    Abi.encodeCall("allowance(address,address)", r.owner(), r.spender())));
        }
        Map<PoolRef, int[]> v3Slots = new HashMap<>();
        for (PoolRef p : config.pools()) {
            if (p.type() == PoolType.V2) {
                calls.add(new Call(p.address(), true, Abi.encodeCall("getReserves()")));
            } else {
                TickCache cache = tickCaches.computeIfAbsent(p.address(), k -> new TickCache());
                int first = calls.size();
                calls.add(new Call(p.address(), true, Abi.encodeCall("slot0()")));
                calls.add(new Call(p.address(), true, Abi.encodeCall("liquidity()")));
                calls.addAll(cache.speculativeCalls(p.address()));
                v3Slots.put(p, new int[] {first, calls.size()});
            }
        }

        // Resolve "latest" to a header first and pin the call to its hash: a node may run a "latest" call
        // against state that already includes the next block's transactions (anvil does, under automine).
        // With an explicit number, header and call share one HTTP round trip.
        BlockHeader header;
        byte[] raw;
        Object callObject = ChainClient.callObject(null, mc, null, Multicall3.aggregate3(calls));
        if (block == ChainClient.LATEST) {
            header = client.header(ChainClient.LATEST).orElseThrow();
            raw = Hex.bytes(client.rpc("eth_call", callObject, java.util.Map.of("blockHash", header.hash())).asText());
        } else {
            String tag = ChainClient.tag(block);
            List<JsonNode> replies = client.batch(List.of(RpcCall.of("eth_getBlockByNumber", tag, false),
                    RpcCall.of("eth_call", callObject, tag)));
            if (replies.get(0).isNull()) {
                throw new ChainUserError("block " + tag + " is not known to " + client.url());
            }
            header = BlockHeader.fromJson(replies.get(0));
            raw = Hex.bytes(replies.get(1).asText());
        }
        lastEthCalls++;
        if (raw.length == 0) {
            throw new ChainUserError("no Multicall3 contract at " + mc + " on " + client.url()
                    + ": set 'multicall:' in the pools config to the chain's Multicall3 address");
        }
        List<Result> results = Multicall3.decode(raw);
        for (int attempt = 0; results.get(0).decode().uintLong(0) != header.number(); attempt++) {
            // The node ran the call on newer state than the block asked for (anvil does when the block is the
            // head and the next one is being mined). Multicall3's own getBlockNumber() sees the state the
            // other reads saw, so the mismatch is caught; once the block is no longer the head, its
            // historical state answers correctly.
            if (attempt == 3) {
                throw new IllegalStateException("node keeps answering block " + header.number() + " with state of block "
                        + results.get(0).decode().uintLong(0));
            }
            sleepBriefly();
            results = Multicall3.decode(Hex.bytes(client.rpc("eth_call", callObject,
                    java.util.Map.of("blockHash", header.hash())).asText()));
            lastEthCalls++;
        }
        if (servesHeadFromLiveState()) {
            // anvil answers calls at its head block from its live database, which may already hold part of
            // the block being mined. If the head moved on while we read, the block we read is historical
            // now and its stored state is exact: read it again.
            long head = client.blockNumber();
            if (head > header.number()) {
                results = Multicall3.decode(Hex.bytes(client.rpc("eth_call", callObject,
                        java.util.Map.of("blockHash", header.hash())).asText()));
                lastEthCalls++;
            }
        }
        return decode(header, results, v3Slots);
    }

    private MarketSnapshot decode(BlockHeader header, List<Result> results, Map<PoolRef, int[]> v3Slots) {
        int i = 1;
        long timestamp = results.get(i++).decode().uintLong(0);
        List<NativeBalance> natives = new ArrayList<>();
        for (Address a : config.accounts()) {
            natives.add(new NativeBalance(a, ok(results.get(i++), "getEthBalance(" + a + ")").uint(0)));
        }
        List<TokenBalance> balances = new ArrayList<>();
        for (Map.Entry<String, Address> t : config.tokens().entrySet()) {
            Token token = new Token(t.getValue(), t.getKey(), meta.decimals(t.getValue()));
            for (Address a : config.accounts()) {
                BigInteger v = ok(results.get(i++), t.getKey() + ".balanceOf(" + a + ")").uint(0);
                balances.add(new TokenBalance(a, TokenAmount.of(token, v)));
            }
        }
        List<Allowance> allowances = new ArrayList<>();
        for (SnapshotConfig.AllowanceRef r : config.allowances()) {
            Address ta = config.tokens().get(r.token());
            BigInteger v = ok(results.get(i++), r.token() + ".allowance").uint(0);
            allowances.add(new Allowance(r.owner(), r.spender(), TokenAmount.of(new Token(ta, r.token(), meta.decimals(ta)), v)));
        }
        List<V2Pool> v2 = new ArrayList<>();
        List<V3Pool> v3 = new ArrayList<>();
        List<PoolRef> v3Refs = new ArrayList<>();
        List<ReturnData[]> v3Heads = new ArrayList<>();
        for (PoolRef p : config.pools()) {
            PoolMetadata.Pool m = meta.pool(p.address());
            if (p.type() == PoolType.V2) {
                ReturnData r = ok(results.get(i++), p.name() + ".getReserves()");
                BigInteger r0 = r.uint(0);
                BigInteger r1 = r.uint(1);
                double price = r0.signum() == 0 ? 0 : r1.doubleValue() / r0.doubleValue() * m.decimalsScale();
                v2.add(new V2Pool(p.name(), p.address(), m.token0(), m.token1(), r0, r1, r.uintLong(2), price));
            } else {
                int[] span = v3Slots.get(p);
                ReturnData slot0 = ok(results.get(span[0]), p.name() + ".slot0()");
                ReturnData liq = ok(results.get(span[0] + 1), p.name() + ".liquidity()");
                tickCaches.get(p.address()).acceptSpeculative(results.subList(span[0] + 2, span[1]));
                v3Refs.add(p);
                v3Heads.add(new ReturnData[] {slot0, liq});
                i = span[1];
            }
        }
        lastEthCalls += TickCache.complete(client, config.multicall(), header, v3Refs, v3Heads, meta, tickCaches);
        for (int k = 0; k < v3Refs.size(); k++) {
            PoolRef p = v3Refs.get(k);
            PoolMetadata.Pool m = meta.pool(p.address());
            BigInteger sqrt = v3Heads.get(k)[0].uint(0);
            int tick = v3Heads.get(k)[0].sint(1).intValueExact();
            TickCache c = tickCaches.get(p.address());
            double s = sqrt.doubleValue() / Math.pow(2, 96);
            v3.add(new V3Pool(p.name(), p.address(), m.token0(), m.token1(), m.fee(), m.tickSpacing(), sqrt, tick,
                    v3Heads.get(k)[1].uint(0), c.lowerBound(m.tickSpacing()), c.upperBound(m.tickSpacing()), c.ticks(),
                    s * s * m.decimalsScale()));
        }
        return new MarketSnapshot(header.number(), header.hash(), timestamp, natives, balances, allowances, v2, v3);
    }

    private boolean servesHeadFromLiveState() {
        if (liveHead == null) {
            liveHead = client.rpc("web3_clientVersion").asText().toLowerCase(java.util.Locale.ROOT).contains("anvil");
        }
        return liveHead;
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static ReturnData ok(Result r, String what) {
        if (!r.success()) {
            throw new ChainUserError("snapshot read " + what + " reverted: check the address in the pools config");
        }
        return r.decode();
    }
}
