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
 * hash we saw) and ONE JSON-RPC batch pinned to that block with the pools' reserves/slot0/liquidity
 * and the account's balances. At most {@link #MAX_CATCH_UP} blocks are fetched per poll: a daemon
 * that fell behind trades on the newest market, not on history.
 */
public final class ChainMarketFeed implements MarketFeed {
    static final int MAX_CATCH_UP = 3;
    private static final int KEEP_HASHES = 64;
    private static final byte[] GET_RESERVES = Abi.encodeCall("getReserves()");
    private static final byte[] SLOT0 = Abi.encodeCall("slot0()");
    private static final byte[] LIQUIDITY = Abi.encodeCall("liquidity()");
    private static final BigDecimal Q192 = new BigDecimal(BigInteger.TWO.pow(192));

    private final ChainClient client;
    private final long chainId;
    private final List<PoolInfo> pools;
    private final List<Token> tokens;
    private final Address account;
    private final NavigableMap<Long, String> seen = new TreeMap<>();

    public ChainMarketFeed(ChainClient client, long chainId, List<PoolInfo> pools, List<Token> tokens, Address account) {
        this.client = client;
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
        String tag = ChainClient.tag(h.number());
        List<RpcCall> calls = new ArrayList<>();
        for (PoolInfo p : pools) {
            if (p.kind() == PoolInfo.Kind.V2) {
                calls.add(ethCall(p.address(), GET_RESERVES, tag));
            } else {
                calls.add(ethCall(p.address(), SLOT0, tag));
                calls.add(ethCall(p.address(), LIQUIDITY, tag));
            }
        }
        for (Token t : tokens) {
            calls.add(ethCall(t.address(), Abi.encodeCall("balanceOf(address)", account), tag));
        }
        calls.add(RpcCall.of("eth_getBalance", account.hex(), tag));
        List<JsonNode> r = client.batch(calls);
        int i = 0;
        List<PoolState> states = new ArrayList<>();
        for (PoolInfo p : pools) {
            if (p.kind() == PoolInfo.Kind.V2) {
                List<Object> res = Abi.decode("(uint112,uint112,uint32)", bytes(r.get(i++)));
                BigInteger r0 = (BigInteger) res.get(0);
                BigInteger r1 = (BigInteger) res.get(1);
                double price = r0.signum() == 0 ? 0 : new BigDecimal(r1).movePointLeft(p.token1().decimals())
                        .divide(new BigDecimal(r0).movePointLeft(p.token0().decimals()), java.math.MathContext.DECIMAL64)
                        .doubleValue();
                states.add(new PoolState(p.name(), "V2", p.address(), p.token0(), p.token1(), p.fee(), r0, r1, null,
                        null, 0, price));
            } else {
                List<Object> s0 = Abi.decode("(uint160,int24,uint16,uint16,uint16,uint8,bool)", bytes(r.get(i++)));
                BigInteger liq = (BigInteger) Abi.decode("(uint128)", bytes(r.get(i++))).getFirst();
                BigInteger sqrtP = (BigInteger) s0.get(0);
                int tick = ((BigInteger) s0.get(1)).intValue();
                double price = new BigDecimal(sqrtP.pow(2)).divide(Q192, java.math.MathContext.DECIMAL64)
                        .movePointLeft(p.token1().decimals() - p.token0().decimals()).doubleValue();
                states.add(new PoolState(p.name(), "V3", p.address(), p.token0(), p.token1(), p.fee(), null, null, sqrtP,
                        liq, tick, price));
            }
        }
        Map<String, BigInteger> balances = new LinkedHashMap<>();
        for (Token t : tokens) {
            balances.put(t.symbol(), (BigInteger) Abi.decode("(uint256)", bytes(r.get(i++))).getFirst());
        }
        balances.put("ETH", new BigInteger(r.get(i).asText().substring(2), 16));
        return new MarketTick(MarketTick.VERSION, chainId, h.number(), h.hash(), h.timestamp(), tokens, states, account,
                balances, System.nanoTime());
    }

    private static RpcCall ethCall(Address to, byte[] data, String tag) {
        return RpcCall.of("eth_call", ChainClient.callObject(null, to, null, data), tag);
    }

    private static byte[] bytes(JsonNode hex) {
        String s = hex.asText();
        return HexFormat.of().parseHex(s.startsWith("0x") ? s.substring(2) : s);
    }
}
