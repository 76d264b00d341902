package io.consilium.agents.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.agents.market.MarketFeed;
import io.consilium.agents.messages.BusMessage;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.ReorgEvent;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.BlockHeader;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.snapshot.MarketSnapshot;
import io.consilium.chain.snapshot.SnapshotConfig;
import io.consilium.chain.snapshot.SnapshotReader;
import io.consilium.chain.rpc.RpcCall;
import io.consilium.chain.testbed.PoolInfo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Market data from the chain: for every new block, the header (reorg check: parent hash against the
 * hash we saw) and the chain module's snapshot of that block (one Multicall3 aggregate3 eth_call pinned
 * to it: the pools' reserves/slot0/liquidity and the account's balances). At most {@link #MAX_CATCH_UP} blocks are fetched per poll: a daemon
 * that fell behind trades on the newest market, not on history.
 */
public final class ChainMarketFeed implements MarketFeed {
    static final int MAX_CATCH_UP = 3;
    private static final int KEEP_HASHES = 64;

    private final ChainClient client;
    private final long chainId;
    private final List<PoolInfo> pools;
    private final List<Token> tokens;
    private final Address account;
    private final NavigableMap<Long, String> seen = new TreeMap<>();
    private final SnapshotReader reader;
    private final Map<Address, String> symbols = new java.util.HashMap<>();

    public ChainMarketFeed(ChainClient client, SnapshotReader reader, long chainId, List<PoolInfo> pools, List<Token> tokens,
                           Address account) {
        this.client = client;
        this.reader = reader;
        tokens.forEach(t -> symbols.put(t.address(), t.symbol()));
        this.chainId = chainId;
        this.pools = List.copyOf(pools);
        this.tokens = List.copyOf(tokens);
        this.account = account;
    }

    @Override
    public String describe() {
        return pools.size() + " pools on " + client.url();
    }

    @Override
    public List<BusMessage> poll() {
        long head = client.blockNumber();
        long last = seen.isEmpty() ? head - 1 : seen.lastKey();
        List<BusMessage> out = new ArrayList<>();
        if (head < last) {
            // The chain got shorter: a reorg to a shorter branch (or a node reset).
            out.add(reorgFrom(head, last));
        }
        long from = Math.max(Math.min(last, head) + 1, head - MAX_CATCH_UP + 1);
        for (long b = from; b <= head; b++) {
            BlockHeader h = client.header(b).orElse(null);
            if (h == null) {
                break;
            }
            String prev = seen.get(b - 1);
            if (prev != null && !prev.equalsIgnoreCase(h.parentHash())) {
                out.add(reorgFrom(b - 1, seen.lastKey()));
            }
            out.add(snapshot(h));
            seen.put(b, h.hash());
            while (seen.size() > KEEP_HASHES) {
                seen.pollFirstEntry();
            }
        }
        return out;
    }

    /** Walks back from {@code suspect} until our hash matches the chain's again. */
    private ReorgEvent reorgFrom(long suspect, long ourHead) {
        long b = Math.min(suspect, seen.isEmpty() ? suspect : seen.lastKey());
        while (b >= 0 && seen.containsKey(b)) {
            String ours = seen.get(b);
            String theirs = client.header(b).map(BlockHeader::hash).orElse(null);
            if (ours.equalsIgnoreCase(theirs)) {
                break;
            }
            b--;
        }
        long fork = b + 1;
        seen.tailMap(fork, true).clear();
        long head = client.blockNumber();
        String headHash = client.header(head).map(BlockHeader::hash).orElse("");
        return new ReorgEvent(ReorgEvent.VERSION, fork, (int) (ourHead - fork + 1), head, headHash);
    }

    MarketTick snapshot(BlockHeader h) {
        MarketSnapshot snap = reader.read(h.number());
        List<PoolState> states = new ArrayList<>();
        for (PoolInfo p : pools) {
            if (p.kind() == PoolInfo.Kind.V2) {
                MarketSnapshot.V2Pool v = snap.v2(p.name());
                states.add(new PoolState(p.name(), "V2", p.address(), p.token0(), p.token1(), p.fee(), v.reserve0(),
                        v.reserve1(), null, null, 0, v.price()));
            } else {
                MarketSnapshot.V3Pool v = snap.v3(p.name());
                states.add(new PoolState(p.name(), "V3", p.address(), p.token0(), p.token1(), p.fee(), null, null,
                        v.sqrtPriceX96(), v.liquidity(), v.tick(), v.price()));
            }
        }
        Map<String, BigInteger> balances = new LinkedHashMap<>();
        for (MarketSnapshot.TokenBalance b : snap.balances()) {
            if (b.owner().equals(account)) {
                balances.put(symbols.get(b.amount().token().address()), b.amount().units());
            }
        }
        for (MarketSnapshot.NativeBalance n : snap.nativeBalances()) {
            if (n.owner().equals(account)) {
                balances.put("ETH", n.wei());
            }
        }
        return new MarketTick(MarketTick.VERSION, chainId, snap.blockNumber(), snap.blockHash(), snap.timestamp(), tokens,
                states, account, balances, System.nanoTime());
    }

    /** What the chain module's snapshot reader reads each block: the pools, and every token balance of the account. */
    public static SnapshotConfig snapshotConfig(Address multicall, List<PoolInfo> pools, List<Token> tokens, Address account) {
        Map<String, Address> t = new LinkedHashMap<>();
        tokens.forEach(x -> t.put(x.symbol(), x.address()));
        List<SnapshotConfig.PoolRef> refs = pools.stream().map(p -> new SnapshotConfig.PoolRef(p.name(),
                p.kind() == PoolInfo.Kind.V2 ? SnapshotConfig.PoolType.V2 : SnapshotConfig.PoolType.V3, p.address(), 0)).toList();
        return new SnapshotConfig(multicall, t, List.of(account), List.of(), refs);
    }
}
