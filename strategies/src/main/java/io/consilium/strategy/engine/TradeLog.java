package io.consilium.strategy.engine;

import io.consilium.strategy.exec.PairScale;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The executed orders of a run, appended in order and never changed, stored by column: a backtest
 * holds up to a fill per event, and a million Trade records with their five BigIntegers each made
 * the heap grow by hundreds of megabytes during the run (page faults and collections on the
 * backtest's own time). Amounts that fit in a long are kept as longs, the rare wider one beside.
 * {@link #get} rebuilds an equal Trade. Not thread-safe: one engine appends.
 */
final class TradeLog extends AbstractList<Trade> implements RandomAccess {
    private static final int SHIFT = 12;
    private static final int CHUNK = 1 << SHIFT;
    private static final int AMOUNTS = 5;
    private static final int DOUBLES = 3;
    private static final long NAN = Double.doubleToRawLongBits(Double.NaN);
    private static final Trade.Kind[] KINDS = Trade.Kind.values();
    /** Marks an amount kept in {@link #wide}: a long that no inline amount can be (bitLength < 63 only). */
    private static final long WIDE = Long.MIN_VALUE;

    private final List<Chunk> chunks = new ArrayList<>();
    private final Map<Long, BigInteger> wide = new HashMap<>();
    /** {lpFees, impermanentLoss} of the rows where either is not the canonical NaN (liquidity rows). */
    private final Map<Integer, double[]> lp = new HashMap<>();
    private int size;

    private static final class Chunk {
        final long[] time = new long[CHUNK];
        final byte[] kind = new byte[CHUNK];
        final String[] pool = new String[CHUNK];
        final String[] asset = new String[CHUNK];
        final String[] reason = new String[CHUNK];
        final long[] amounts = new long[CHUNK * AMOUNTS];
        /** price, midBefore and pnl per row; lpFees and impermanentLoss (NaN on swaps) in {@link #lp}. */
        final double[] doubles = new double[CHUNK * DOUBLES];
    }

    @Override
    public boolean add(Trade t) {
        int i = size & (CHUNK - 1);
        if (i == 0) {
            chunks.add(new Chunk());
        }
        Chunk c = chunks.get(size >>> SHIFT);
        c.time[i] = t.time();
        c.kind[i] = (byte) t.kind().ordinal();
        c.pool[i] = t.pool();
        c.asset[i] = t.asset();
        c.reason[i] = t.reason();
        int a = i * AMOUNTS;
        put(c, a, 0, t.baseAmount());
        put(c, a, 1, t.quoteAmount());
        put(c, a, 2, t.fee());
        put(c, a, 3, t.slippage());
        put(c, a, 4, t.gas());
        int d = i * DOUBLES;
        c.doubles[d] = t.price();
        c.doubles[d + 1] = t.midBefore();
        c.doubles[d + 2] = t.pnl();
        if (Double.doubleToRawLongBits(t.lpFees()) != NAN || Double.doubleToRawLongBits(t.impermanentLoss()) != NAN) {
            lp.put(size, new double[] {t.lpFees(), t.impermanentLoss()});
        }
        size++;
        modCount++;
        return true;
    }

    /**
     * A swap's row from its parts, as add(new Trade(...)) with fee = PairScale.toUnits(feeHuman,
     * quoteDecimals) and slippage = the same of |slippageHuman|, negated when negative; amounts that
     * fit a long never become BigIntegers (one fill per event: no record to build and take apart).
     */
    void addSwap(long time, boolean sell, String pool, String asset, BigInteger baseAmount, BigInteger quoteAmount,
                 double price, double midBefore, double feeHuman, double slippageHuman, int quoteDecimals, BigInteger gas,
                 double pnl, String reason) {
        int i = size & (CHUNK - 1);
        if (i == 0) {
            chunks.add(new Chunk());
        }
        Chunk c = chunks.get(size >>> SHIFT);
        c.time[i] = time;
        c.kind[i] = (byte) (sell ? Trade.Kind.SELL : Trade.Kind.BUY).ordinal();
        c.pool[i] = pool;
        c.asset[i] = asset;
        c.reason[i] = reason;
        int a = i * AMOUNTS;
        put(c, a, 0, baseAmount);
        put(c, a, 1, quoteAmount);
        putUnits(c, a, 2, feeHuman, quoteDecimals);
        if (slippageHuman >= 0) {
            putUnits(c, a, 3, slippageHuman, quoteDecimals);
        } else {
            putUnits(c, a, 3, -slippageHuman, quoteDecimals);
            long v = c.amounts[a + 3];
            if (v == WIDE) {
                wide.put((long) size * AMOUNTS + 3, wide.get((long) size * AMOUNTS + 3).negate());
            } else {
                c.amounts[a + 3] = -v;
            }
        }
        put(c, a, 4, gas);
        int d = i * DOUBLES;
        c.doubles[d] = price;
        c.doubles[d + 1] = midBefore;
        c.doubles[d + 2] = pnl;
        size++;
        modCount++;
    }

    /** PairScale.toUnits(human, decimals) stored as a long when below 2^62 (the common case), else wide. */
    private void putUnits(Chunk c, int at, int k, double human, int decimals) {
        double v = human * PairScale.pow10(decimals);
        if (human > 0 && v < 0x1p62) {
            // toUnits' own long path: (long) v truncates exactly below 2^63
            c.amounts[at + k] = (long) v;
        } else {
            put(c, at, k, PairScale.toUnits(human, decimals));
        }
    }

    private void put(Chunk c, int at, int k, BigInteger v) {
        if (v.bitLength() < 63) {
            c.amounts[at + k] = v.longValue();
        } else {
            c.amounts[at + k] = WIDE;
            wide.put((long) size * AMOUNTS + k, v);
        }
    }

    private BigInteger amount(Chunk c, int at, int index, int k) {
        long v = c.amounts[at + k];
        return v == WIDE ? wide.get((long) index * AMOUNTS + k) : BigInteger.valueOf(v);
    }

    @Override
    public Trade get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        Chunk c = chunks.get(index >>> SHIFT);
        int i = index & (CHUNK - 1);
        int a = i * AMOUNTS;
        int d = i * DOUBLES;
        double[] extra = lp.get(index);
        return new Trade(c.time[i], KINDS[c.kind[i]], c.pool[i], c.asset[i], amount(c, a, index, 0), amount(c, a, index, 1),
                c.doubles[d], c.doubles[d + 1], amount(c, a, index, 2), amount(c, a, index, 3), amount(c, a, index, 4),
                c.doubles[d + 2], extra == null ? Double.NaN : extra[0], extra == null ? Double.NaN : extra[1], c.reason[i]);
    }

    @Override
    public int size() {
        return size;
    }

    /** The trades so far, unchangeable: later appends do not show in it (the columns are append-only). */
    List<Trade> snapshot() {
        int n = size;
        return new AbstractList<>() {
            @Override
            public Trade get(int index) {
                if (index >= n) {
                    throw new IndexOutOfBoundsException(index);
                }
                return TradeLog.this.get(index);
            }

            @Override
            public int size() {
                return n;
            }
        };
    }
}
