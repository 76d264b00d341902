package io.consilium.sandbox.policy;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rolling-window budgets. A reservation takes every amount at once or none, under one lock, so
 * concurrent requests can never jointly exceed a cap; it is released if the transaction is not sent.
 */
public final class BudgetLedger {
    /** One amount against one budget key (a token address, or "usd" in micro-dollars) and its cap. */
    public record Claim(String key, BigInteger amount, BigInteger cap) {}

    public record Reservation(long id, List<Claim> claims) {}

    private record Entry(long id, long atMillis, BigInteger amount) {}

    private final long windowMillis;
    private final Map<String, Deque<Entry>> entries = new HashMap<>();
    private final Map<String, BigInteger> sums = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public BudgetLedger(long windowSeconds) {
        this.windowMillis = windowSeconds * 1000;
    }

    /** Reserves all claims, or returns the first claim that would break its cap (and reserves nothing). */
    public synchronized java.util.Optional<Claim> tryReserve(List<Claim> claims, long nowMillis, long[] idOut) {
        for (Claim c : claims) {
            if (c.cap() != null && used(c.key(), nowMillis).add(c.amount()).compareTo(c.cap()) > 0) {
                return java.util.Optional.of(c);
            }
        }
        long id = ids.incrementAndGet();
        for (Claim c : claims) {
            entries.computeIfAbsent(c.key(), k -> new ArrayDeque<>()).addLast(new Entry(id, nowMillis, c.amount()));
            sums.merge(c.key(), c.amount(), BigInteger::add);
        }
        idOut[0] = id;
        return java.util.Optional.empty();
    }

    /** Re-enters an amount spent earlier (e.g. read back from the journal after a restart). */
    public synchronized void restore(String key, BigInteger amount, long atMillis) {
        entries.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(new Entry(ids.incrementAndGet(), atMillis, amount));
        sums.merge(key, amount, BigInteger::add);
    }

    public synchronized void release(long reservationId) {
        for (Map.Entry<String, Deque<Entry>> kv : entries.entrySet()) {
            // reservations are usually the newest entries: look from the back
            for (java.util.Iterator<Entry> it = kv.getValue().descendingIterator(); it.hasNext(); ) {
                Entry e = it.next();
                if (e.id() == reservationId) {
                    it.remove();
                    sums.merge(kv.getKey(), e.amount().negate(), BigInteger::add);
                }
            }
        }
    }

    public synchronized BigInteger used(String key, long nowMillis) {
        Deque<Entry> d = entries.get(key);
        if (d == null) {
            return BigInteger.ZERO;
        }
        while (!d.isEmpty() && d.peekFirst().atMillis() <= nowMillis - windowMillis) {
            sums.merge(key, d.removeFirst().amount().negate(), BigInteger::add);
        }
        return sums.getOrDefault(key, BigInteger.ZERO);
    }
}
