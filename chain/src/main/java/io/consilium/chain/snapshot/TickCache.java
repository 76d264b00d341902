package io.consilium.chain.snapshot;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.ReturnData;
import io.consilium.chain.snapshot.MarketSnapshot.Tick;
import io.consilium.chain.snapshot.Multicall3.Call;
import io.consilium.chain.snapshot.Multicall3.Result;
import io.consilium.chain.snapshot.SnapshotConfig.PoolRef;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One V3 pool's tick window: the tickBitmap words within {@code tickWords} words of the current tick and
 * the initialized ticks they mark. The reader asks for last snapshot's window speculatively, then
 * {@link #complete} fetches whatever the current block needs beyond that (new words, new ticks).
 */
final class TickCache {
    private Integer centerWord;
    private int halfWidth;
    private List<Integer> specWords = List.of();
    private List<Integer> specTicks = List.of();
    private final Map<Integer, BigInteger> words = new HashMap<>();
    private final TreeMap<Integer, Tick> ticks = new TreeMap<>();

    /** Calls for the remembered window, to ride along in the main aggregate3. */
    List<Call> speculativeCalls(Address pool) {
        List<Call> calls = new ArrayList<>();
        specWords = new ArrayList<>();
        specTicks = new ArrayList<>(ticks.keySet());
        if (centerWord != null) {
            for (int w = centerWord - halfWidth; w <= centerWord + halfWidth; w++) {
                specWords.add(w);
                calls.add(bitmapCall(pool, w));
            }
        }
        for (int t : specTicks) {
            calls.add(tickCall(pool, t));
        }
        return calls;
    }

    void acceptSpeculative(List<Result> results) {
        words.clear();
        ticks.clear();
        int i = 0;
        for (int w : specWords) {
            words.put(w, SnapshotReader.ok(results.get(i++), "tickBitmap(" + w + ")").uint(0));
        }
        for (int t : specTicks) {
            ticks.put(t, tick(t, SnapshotReader.ok(results.get(i++), "ticks(" + t + ")")));
        }
    }

    /** Fetches missing bitmap words, then missing ticks, for all pools at once; returns eth_calls made (0–2). */
    static int complete(ChainClient client, Address multicall, io.consilium.chain.rpc.BlockHeader block, List<PoolRef> refs,
                        List<ReturnData[]> heads, PoolMetadata meta, Map<Address, TickCache> caches) {
        int ethCalls = 0;
        List<Call> wordCalls = new ArrayList<>();
        List<Object[]> wordOwners = new ArrayList<>();
        for (int k = 0; k < refs.size(); k++) {
            PoolRef p = refs.get(k);
            TickCache c = caches.get(p.address());
            int spacing = meta.pool(p.address()).tickSpacing();
            int tick = heads.get(k)[0].sint(1).intValueExact();
            c.centerWord = Math.floorDiv(tick, spacing) >> 8;
            c.halfWidth = p.tickWords();
            for (int w = c.centerWord - c.halfWidth; w <= c.centerWord + c.halfWidth; w++) {
                if (!c.words.containsKey(w)) {
                    wordCalls.add(bitmapCall(p.address(), w));
                    wordOwners.add(new Object[] {c, w});
                }
            }
        }
        if (!wordCalls.isEmpty()) {
            List<Result> r = aggregateAt(client, multicall, block, wordCalls);
            ethCalls++;
            for (int i = 0; i < r.size(); i++) {
                TickCache c = (TickCache) wordOwners.get(i)[0];
                c.words.put((Integer) wordOwners.get(i)[1], SnapshotReader.ok(r.get(i), "tickBitmap").uint(0));
            }
        }
        List<Call> tickCalls = new ArrayList<>();
        List<Object[]> tickOwners = new ArrayList<>();
        for (int k = 0; k < refs.size(); k++) {
            PoolRef p = refs.get(k);
            TickCache c = caches.get(p.address());
            int spacing = meta.pool(p.address()).tickSpacing();
            List<Integer> initialized = c.initializedTicks(spacing);
            c.ticks.keySet().retainAll(initialized);
            c.words.keySet().removeIf(w -> w < c.centerWord - c.halfWidth || w > c.centerWord + c.halfWidth);
            for (int t : initialized) {
                if (!c.ticks.containsKey(t)) {
                    tickCalls.add(tickCall(p.address(), t));
                    tickOwners.add(new Object[] {c, t});
                }
            }
        }
        if (!tickCalls.isEmpty()) {
            List<Result> r = aggregateAt(client, multicall, block, tickCalls);
            ethCalls++;
            for (int i = 0; i < r.size(); i++) {
                TickCache c = (TickCache) tickOwners.get(i)[0];
                int t = (Integer) tickOwners.get(i)[1];
                c.ticks.put(t, tick(t, SnapshotReader.ok(r.get(i), "ticks(" + t + ")")));
            }
        }
        return ethCalls;
    }

    private List<Integer> initializedTicks(int spacing) {
        List<Integer> out = new ArrayList<>();
        for (int w = centerWord - halfWidth; w <= centerWord + halfWidth; w++) {
            BigInteger bits = words.getOrDefault(w, BigInteger.ZERO);
            for (int b = bits.getLowestSetBit(); b >= 0; b = bits.getLowestSetBit()) {
                out.add((w * 256 + b) * spacing);
                bits = bits.clearBit(b);
            }
        }
        return out;
    }

    int lowerBound(int spacing) {
        return (centerWord - halfWidth) * 256 * spacing;
    }

    int upperBound(int spacing) {
        return ((centerWord + halfWidth + 1) * 256 - 1) * spacing;
    }

    List<Tick> ticks() {
        return List.copyOf(ticks.values());
    }

    private static Tick tick(int index, ReturnData r) {
        return new Tick(index, r.uint(0), r.sint(1));
    }

    private static Call bitmapCall(Address pool, int word) {
        return new Call(pool, true, Abi.encodeCall("tickBitmap(int16)", BigInteger.valueOf(word)));
    }

    private static Call tickCall(Address pool, int tick) {
        return new Call(pool, true, Abi.encodeCall("ticks(int24)", BigInteger.valueOf(tick)));
    }

    /** A follow-up aggregate3 pinned to the snapshot's block hash, checked (like the main call) to have run on that block. */
    private static List<Result> aggregateAt(ChainClient client, Address multicall, io.consilium.chain.rpc.BlockHeader block,
                                            List<Call> calls) {
        List<Call> all = new ArrayList<>(calls.size() + 1);
        all.add(new Call(multicall, false, Multicall3.getBlockNumber()));
        all.addAll(calls);
        byte[] data = Multicall3.aggregate3(all);
        for (int attempt = 0; ; attempt++) {
            List<Result> r = Multicall3.decode(client.callAtHash(null, multicall, null, data, block.hash()));
            if (r.getFirst().decode().uintLong(0) == block.number()) {
                return r.subList(1, r.size());
            }
            if (attempt == 3) {
                throw new IllegalStateException("node keeps answering block " + block.number() + " with newer state");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
