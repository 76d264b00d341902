package io.consilium.agents.portfolio;

import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.PortfolioReport;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The portfolio's books: each strategy's holdings (its budget plus its fills), reservations for
 * orders in flight, marks, peaks and halts. Pure logic, no bus: the agent feeds it, recovery
 * replays the journal through it, and tests drive it directly.
 */
public final class Book {
    /** Sizing outcome: an order to send, or the reason the proposal became a hold. */
    public record Sized(Order order, String rejection) {
    }

    private static final class Slice {
        final Map<String, BigInteger> holdings = new TreeMap<>();
        final Map<String, BigInteger> reserved = new HashMap<>();
        double initialValue = Double.NaN;
        double peak = Double.NaN;
        double value;
        boolean halted;
        String haltReason;
        int fills;
        BigInteger gasWei = BigInteger.ZERO;
        long settledAtBlock = Long.MIN_VALUE;
    }

    private final String quote;
    private final double maxGlobalExposureQuote;
    private final Map<String, RiskLimits> limits;
    private final Map<String, Slice> slices = new LinkedHashMap<>();
    private final Map<String, Order> inFlight = new LinkedHashMap<>();
    /** Recently settled orders, so a reorg that takes a fill back can put its order in flight again. */
    private final Map<String, Order> settled = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Order> eldest) {
            return size() > 256;
        }
    };
    private Map<String, Double> prices = Map.of();
    private MarketTick lastTick;

    public Book(String quote, double maxGlobalExposureQuote, Map<String, RiskLimits> limits) {
        this.quote = quote;
        this.maxGlobalExposureQuote = maxGlobalExposureQuote;
        this.limits = Map.copyOf(limits);
        limits.forEach((name, l) -> {
            Slice s = new Slice();
            s.holdings.putAll(l.budget());
            slices.put(name, s);
        });
    }

    public synchronized void mark(MarketTick tick) {
        lastTick = tick;
        prices = Prices.inQuote(tick, quote);
        for (var e : slices.entrySet()) {
            Slice s = e.getValue();
            s.value = value(s);
            if (Double.isNaN(s.initialValue)) {
                s.initialValue = s.value;
                s.peak = s.value;
            }
            s.peak = Math.max(s.peak, s.value);
            double dd = s.peak > 0 ? 1 - s.value / s.peak : 0;
            RiskLimits l = limits.get(e.getKey());
            if (!s.halted && l.maxDrawdown() > 0 && dd > l.maxDrawdown()) {
                s.halted = true;
                s.haltReason = String.format("drawdown %.2f%% over the %.2f%% limit", dd * 100, l.maxDrawdown() * 100);
            }
        }
    }

    /**
     * The last snapshot's price of a token (by address; {@link Address#ZERO} is the native coin, priced as WETH) in
     * the book's quote token per whole token; empty before the first snapshot or for a token no pool prices.
     */
    public synchronized java.util.Optional<Double> priceOf(Address token) {
        if (lastTick == null) {
            return java.util.Optional.empty();
        }
        String symbol = token.equals(Address.ZERO) ? "ETH" : lastTick.tokens().stream()
                .filter(t -> t.address().equals(token)).map(t -> t.symbol()).findFirst().orElse(null);
        return java.util.Optional.ofNullable(symbol == null ? null : prices.get(symbol)).filter(p -> p > 0);
    }

    public String quote() {
        return quote;
    }

    /** Applies an internal cross from netting (no chain transaction). */
    public synchronized void cross(String strategy, Map<String, BigInteger> deltas) {
        Slice s = slices.get(strategy);
        deltas.forEach((sym, d) -> s.holdings.merge(sym, d, BigInteger::add));
    }

    /** Sizes a swap proposal against the strategy's free holdings and the exposure limits. */
    public synchronized Sized size(Proposal p, Address account, String orderId) {
        Slice s = slices.get(p.strategy());
        RiskLimits l = limits.get(p.strategy());
        if (s == null) {
            return new Sized(null, "unknown strategy " + p.strategy());
        }
        if (s.halted) {
            return new Sized(null, "halted: " + s.haltReason);
        }
        if (lastTick == null) {
            return new Sized(null, "no market snapshot yet");
        }
        if (inFlight.values().stream().anyMatch(o -> o.strategy().equals(p.strategy()))) {
            // The strategy decided on holdings that do not include its previous order yet.
            return new Sized(null, "previous order of this strategy still in flight");
        }
        if (p.block() <= s.settledAtBlock) {
            // Its previous order settled during this block, possibly after the strategy read its holdings:
            // acting on them could repeat the trade. It decides again on the next block.
            return new Sized(null, "decided at block " + p.block() + " while its previous order settled (block "
                    + s.settledAtBlock + "); decides again on fresh holdings next block");
        }
        PoolState pool = lastTick.pools().stream().filter(x -> x.name().equals(p.pool())).findFirst().orElse(null);
        if (pool == null) {
            return new Sized(null, "pool " + p.pool() + " is not watched");
        }
        BigInteger free = s.holdings.getOrDefault(p.tokenIn(), BigInteger.ZERO)
                .subtract(s.reserved.getOrDefault(p.tokenIn(), BigInteger.ZERO));
        BigInteger amount = p.amountIn().min(free);
        if (amount.signum() <= 0) {
            return new Sized(null, "no free " + p.tokenIn() + " in the strategy's budget");
        }
        boolean buyingRisk = !p.tokenOut().equals(quote);
        if (buyingRisk) {
            double inPx = prices.getOrDefault(p.tokenIn(), 0.0);
            Token tin = lastTick.token(p.tokenIn());
            double room = Math.min(l.maxPositionQuote() - exposure(s), maxGlobalExposureQuote - globalExposure());
            if (room <= 0) {
                return new Sized(null, String.format("exposure limit reached (room %.2f %s)", room, quote));
            }
            double want = Prices.value(amount, tin.decimals(), inPx);
            if (want > room && inPx > 0) {
                amount = new BigDecimal(room / inPx).movePointRight(tin.decimals()).setScale(0, RoundingMode.DOWN)
                        .toBigInteger();
            }
        }
        if (amount.signum() <= 0) {
            return new Sized(null, "sized to zero by the exposure limits");
        }
        BigInteger minOut = minOut(pool, p.tokenIn(), amount, l.maxSlippageBps());
        Order o = new Order(Order.VERSION, orderId, p.strategy(), p.block(), account, p.pool(), p.tokenIn(),
                p.tokenOut(), amount, minOut, p.reason(), p.tickObservedAtNanos());
        s.reserved.merge(p.tokenIn(), amount, BigInteger::add);
        inFlight.put(orderId, o);
        return new Sized(o, null);
    }

    /** Books an execution result: releases the reservation, applies the fill and the gas. */
    public synchronized void onResult(ExecutionResult r) {
        Slice s = slices.get(r.strategy());
        if (s == null || r.status() == ExecutionResult.Status.SENT) {
            return;
        }
        if (r.status() == ExecutionResult.Status.REORGED) {
            unbook(s, r);
            return;
        }
        Order o = inFlight.remove(r.orderId());
        if (o != null) {
            settled.put(o.id(), o);
            s.reserved.merge(o.tokenIn(), o.amountIn().negate(), BigInteger::add);
            if (lastTick != null) {
                s.settledAtBlock = lastTick.block();
            }
        }
        if (r.status() == ExecutionResult.Status.FILLED || r.status() == ExecutionResult.Status.SIMULATED) {
            r.deltas().forEach((sym, d) -> s.holdings.merge(sym, d, BigInteger::add));
            s.fills++;
        }
        s.gasWei = s.gasWei.add(r.gasCostWei());
    }

    /**
     * A reorg took the order's fill (or revert) off the chain: its deltas and gas come back out of the holdings and
     * the order is in flight again (reserved, the strategy waits) until its next final result.
     */
    private void unbook(Slice s, ExecutionResult r) {
        r.deltas().forEach((sym, d) -> s.holdings.merge(sym, d, BigInteger::add));
        s.gasWei = s.gasWei.add(r.gasCostWei());
        if (!r.deltas().isEmpty()) {
            s.fills--;
        }
        Order o = settled.remove(r.orderId());
        if (o != null && !inFlight.containsKey(o.id())) {
            s.reserved.merge(o.tokenIn(), o.amountIn(), BigInteger::add);
            inFlight.put(o.id(), o);
        }
    }

    /** Re-reserves an order found in flight during recovery. */
    public synchronized void restoreInFlight(Order o) {
        Slice s = slices.get(o.strategy());
        if (s != null && !inFlight.containsKey(o.id())) {
            s.reserved.merge(o.tokenIn(), o.amountIn(), BigInteger::add);
            inFlight.put(o.id(), o);
        }
    }

    /** After a restart: keeps PnL continuous by restoring each strategy's starting value and peak. */
    public synchronized void restoreMarks(PortfolioReport last) {
        for (PortfolioReport.StrategyBook b : last.strategies()) {
            Slice s = slices.get(b.name());
            if (s != null && b.peakValueQuote() > 0) {
                s.initialValue = b.valueQuote() - b.pnlQuote();
                s.peak = b.peakValueQuote();
                s.halted = b.halted();
                s.haltReason = b.haltReason();
            }
        }
    }

    public synchronized java.util.List<Order> inFlightOrders() {
        return java.util.List.copyOf(inFlight.values());
    }

    public synchronized int ordersInFlight() {
        return inFlight.size();
    }

    public synchronized PortfolioView view(String strategy) {
        Slice s = slices.get(strategy);
        if (s == null) {
            return new PortfolioView(PortfolioView.VERSION, strategy, Map.of(), 0, true);
        }
        return new PortfolioView(PortfolioView.VERSION, strategy, s.holdings,
                Double.isNaN(s.initialValue) ? 0 : s.value - s.initialValue, s.halted);
    }

    public synchronized PortfolioReport report(Address account) {
        List<PortfolioReport.StrategyBook> books = new ArrayList<>();
        double total = 0;
        double pnl = 0;
        for (var e : slices.entrySet()) {
            Slice s = e.getValue();
            double p = Double.isNaN(s.initialValue) ? 0 : s.value - s.initialValue;
            books.add(new PortfolioReport.StrategyBook(e.getKey(), Map.copyOf(s.holdings), s.value, p,
                    Double.isNaN(s.peak) ? 0 : s.peak, s.halted, s.haltReason, s.fills, s.gasWei));
            total += s.value;
            pnl += p;
        }
        return new PortfolioReport(PortfolioReport.VERSION, lastTick == null ? 0 : lastTick.block(), account, quote,
                lastTick == null ? Map.of() : lastTick.balances(), Map.copyOf(prices), books, total, pnl,
                inFlight.size());
    }

    private double value(Slice s) {
        double v = 0;
        for (var h : s.holdings.entrySet()) {
            v += Prices.value(h.getValue(), decimals(h.getKey()), prices.getOrDefault(h.getKey(), 0.0));
        }
        return v - Prices.value(s.gasWei, 18, prices.getOrDefault("ETH", 0.0));
    }

    private double exposure(Slice s) {
        double v = 0;
        for (var h : s.holdings.entrySet()) {
            if (!h.getKey().equals(quote)) {
                v += Prices.value(h.getValue(), decimals(h.getKey()), prices.getOrDefault(h.getKey(), 0.0));
            }
        }
        return v;
    }

    private double globalExposure() {
        return slices.values().stream().mapToDouble(this::exposure).sum();
    }

    private int decimals(String symbol) {
        if (lastTick != null) {
            for (Token t : lastTick.tokens()) {
                if (t.symbol().equals(symbol)) {
                    return t.decimals();
                }
            }
        }
        return 18;
    }

    /** Expected output at the snapshot (V2: exact constant-product with the 0.3% fee; V3: spot less fee) less slippage. */
    static BigInteger minOut(PoolState pool, String tokenIn, BigInteger amountIn, int slippageBps) {
        boolean zeroForOne = pool.token0().symbol().equals(tokenIn);
        BigInteger expected;
        if ("V2".equals(pool.kind()) && pool.reserve0() != null && pool.reserve0().signum() > 0) {
            BigInteger rIn = zeroForOne ? pool.reserve0() : pool.reserve1();
            BigInteger rOut = zeroForOne ? pool.reserve1() : pool.reserve0();
            BigInteger inWithFee = amountIn.multiply(BigInteger.valueOf(997));
            expected = inWithFee.multiply(rOut).divide(rIn.multiply(BigInteger.valueOf(1000)).add(inWithFee));
        } else {
            BigDecimal px = BigDecimal.valueOf(pool.price())
                    .movePointRight(pool.token1().decimals() - pool.token0().decimals());
            BigDecimal out = zeroForOne ? new BigDecimal(amountIn).multiply(px)
                    : new BigDecimal(amountIn).divide(px, java.math.MathContext.DECIMAL64);
            out = out.multiply(BigDecimal.valueOf(1_000_000 - pool.fee())).movePointLeft(6);
            expected = out.setScale(0, RoundingMode.DOWN).toBigInteger();
        }
        return expected.multiply(BigInteger.valueOf(10_000 - slippageBps)).divide(BigInteger.valueOf(10_000));
    }
}
