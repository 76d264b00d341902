package io.consilium.strategy.engine;

import io.consilium.strategy.config.ExecutionSpec;
import io.consilium.strategy.config.PoolSpec;
import io.consilium.strategy.config.RiskSpec;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.exec.BurnFill;
import io.consilium.strategy.exec.ExecutionClient;
import io.consilium.strategy.exec.GasModel;
import io.consilium.strategy.exec.MintFill;
import io.consilium.strategy.exec.PairScale;
import io.consilium.strategy.exec.SwapFill;
import io.consilium.strategy.spi.Intent;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns intents into orders under the risk and execution limits, sends them to the execution
 * client and books the fills. Every check happens before an order is sent (simulate first), so a
 * refused order costs nothing and is recorded as a {@link Rejection}.
 */
final class ExecutionEngine {
    private final StrategyConfig cfg;
    private final MarketState market;
    private final Portfolio book;
    private final ExecutionClient exec;
    private final GasModel gas;
    private final ExecutionSpec limits;
    private final RiskSpec risk;
    private final int ethIndex;
    final TradeLog trades = new TradeLog();
    final List<Rejection> rejections = new ArrayList<>();

    ExecutionEngine(StrategyConfig cfg, MarketState market, Portfolio book, ExecutionClient exec, GasModel gas) {
        this.cfg = cfg;
        this.market = market;
        this.book = book;
        this.exec = exec;
        this.gas = gas;
        this.limits = cfg.execution();
        this.risk = cfg.risk();
        Integer eth = market.index.get("ETH");
        this.ethIndex = eth != null ? eth : market.index.getOrDefault("WETH", -1);
    }

    void execute(List<Intent> intents, String reason) {
        for (Intent i : intents) {
            switch (i) {
                case Intent.Swap s -> swapIntent(s, reason);
                case Intent.RebalanceToWeights r -> rebalance(r.weights(), reason);
                case Intent.AddLiquidity a -> addLiquidity(a, reason);
                case Intent.RemoveLiquidity r -> removeLiquidity(r, reason);
                case Intent.Hold h -> { }
            }
        }
    }

    private void swapIntent(Intent.Swap s, String reason) {
        String q = cfg.quote();
        if (s.sell().equals(q) == s.buy().equals(q)) {
            throw new IllegalArgumentException("a swap sells or buys the quote asset " + q + ": " + s);
        }
        String base = s.sell().equals(q) ? s.buy() : s.sell();
        swap(poolFor(base, s.pool()), !s.sell().equals(q), s.amountIn(), reason);
    }

    String poolFor(String base, String explicit) {
        if (explicit != null) {
            return explicit;
        }
        for (PoolSpec p : cfg.pools()) {
            if (p.base().equals(base)) {
                return p.id();
            }
        }
        throw new IllegalArgumentException("no pool trades " + base);
    }

    /** Sells base for quote (sellBase) or quote for base on the pool; returns the fill or null if refused. */
    SwapFill swap(String pool, boolean sellBase, BigInteger amountIn, String reason) {
        return swap(pool, sellBase, amountIn, reason, false);
    }

    private SwapFill swap(String pool, boolean sellBase, BigInteger amountIn, String reason, boolean quiet) {
        if (!pool.equals(lastPool)) {
            lastSpec = cfg.pool(pool);
            lastBase = market.idx(lastSpec.base());
            lastScale = new PairScale(book.decimals[lastBase], book.decimals[book.quoteIndex], true);
            lastPool = pool;
        }
        PoolSpec spec = lastSpec;
        int bi = lastBase;
        int qi = book.quoteIndex;
        int in = sellBase ? bi : qi;
        long now = market.now;
        double gwei = gas.gweiAt(now);
        if (gwei > limits.maxGasGwei()) {
            return quiet ? null : reject(pool, what(sellBase, spec), "gas " + gwei + " gwei above the cap " + limits.maxGasGwei());
        }
        BigInteger amount = book.atMostBalance(in, amountIn);
        // Fees, slippage and the slippage limit are measured against the pool's own pre-trade mid.
        double price = exec.mid(pool);
        if (!sellBase) {
            double room = risk.maxPosition() * book.equity() - book.valueOf(bi);
            if (room <= 0 && quiet) {
                return null;
            }
            if (room <= 0) {
                return reject(pool, what(sellBase, spec), "max position " + risk.maxPosition() + " of equity reached");
            }
            amount = atMostUnits(amount, room, book.decimals[qi]);
        }
        if (amount.signum() <= 0) {
            return null;
        }
        BigInteger gasCost = gasCostQuote(limits.swapGas(), now);
        // the quote left after the order (buys spend it) must still pay the gas
        if (book.compareAfter(qi, sellBase ? null : amount, gasCost) < 0) {
            if (sellBase || book.compareAfter(qi, gasCost, null) < 0) {
                return quiet ? null : reject(pool, what(sellBase, spec), "not enough " + cfg.quote() + " to pay gas");
            }
            amount = book.balance(qi).subtract(gasCost);
        }
        double inHuman = book.human(in, amount);
        double idealOut = sellBase ? inHuman * price : inHuman / price;
        int out = sellBase ? qi : bi;
        BigInteger minOut = PairScale.toUnits(idealOut * (1 - limits.maxSlippage()), book.decimals[out]);
        SwapFill f = exec.swap(pool, sellBase, amount, minOut);
        if (f == null) {
            return quiet ? null : reject(pool, what(sellBase, spec), "output below max slippage " + limits.maxSlippage() + " of the pool's mid value, or the pool cannot fill it");
        }
        double unitsBefore = book.held(bi);
        // in, out and gas booked with one balance update per asset (the same sums in another order)
        if (sellBase) {
            book.addSub(bi, null, f.amountIn(), null);
            book.addSub(qi, f.amountOut(), gasCost, null);
        } else {
            book.add(bi, f.amountOut());
            book.addSub(qi, null, f.amountIn(), gasCost);
        }
        // Each amount converted to a double once (the same values the bookkeeping below used to recompute).
        double inH = book.human(in, f.amountIn());
        double outH = book.human(out, f.amountOut());
        double gasH = book.human(qi, gasCost);
        double feeH = sellBase ? book.human(bi, f.feeIn()) * price : book.human(qi, f.feeIn());
        double inValue = sellBase ? inH * price : inH;
        double outValue = sellBase ? outH : outH * price;
        double slip = inValue - outValue - feeH;
        double pnl = Double.NaN;
        if (sellBase) {
            double removed = unitsBefore > 0 ? book.cost[bi] * inH / unitsBefore : 0;
            book.cost[bi] -= removed;
            pnl = outH - gasH - removed;
        } else {
            book.cost[bi] += inH + gasH;
        }
        trades.addSwap(now, sellBase, pool, spec.base(),
                sellBase ? f.amountIn() : f.amountOut(), sellBase ? f.amountOut() : f.amountIn(),
                f.price(lastScale), f.midBefore(),
                feeH, slip, book.decimals[qi], gasCost, pnl, reason);
        return f;
    }

    /** The pool of the latest swap, its spec and its base asset's index: orders mostly repeat the pool. */
    private String lastPool;
    private PoolSpec lastSpec;
    private int lastBase;
    private PairScale lastScale;

    /** amount.min(PairScale.toUnits(human, decimals)), building the units only when they are the smaller. */
    static BigInteger atMostUnits(BigInteger amount, double human, int decimals) {
        double v = human * PairScale.pow10(decimals);
        if (human > 0 && v < 9.0e18 && amount.bitLength() < 63) {
            // toUnits' own long path: (long) v truncates exactly below 2^63
            long units = (long) v;
            return amount.longValue() <= units ? amount : BigInteger.valueOf(units);
        }
        return amount.min(PairScale.toUnits(human, decimals));
    }

    /** Built only for a rejection: a string per order would be garbage on every fill. */
    private static String what(boolean sellBase, PoolSpec spec) {
        return (sellBase ? "sell " : "buy ") + spec.base();
    }

    BigInteger gasCostQuote(long units, long time) {
        double eth = ethIndex >= 0 ? market.prices[ethIndex] : limits.ethPrice().doubleValue();
        // Orders of one event share a gas price: compute the quote cost once per (time, units, ETH price).
        if (time == gasTime && units == gasUnits && eth == gasEth) {
            return gasQuote;
        }
        double wei = gas.costWei(units, time).doubleValue();
        gasTime = time;
        gasUnits = units;
        gasEth = eth;
        gasQuote = PairScale.toUnits(wei / 1e18 * eth, book.decimals[book.quoteIndex]);
        return gasQuote;
    }

    private long gasTime = Long.MIN_VALUE;
    private long gasUnits;
    private double gasEth;
    private BigInteger gasQuote;

    private SwapFill reject(String pool, String what, String why) {
        rejections.add(new Rejection(market.now, pool, what, why));
        return null;
    }

    /** Sells what is above target first (raising quote), then buys what is below. */
    private void rebalance(Map<String, Double> weights, String reason) {
        double equity = book.equity();
        if (equity <= 0) {
            return;
        }
        double dust = equity * 1e-6;
        List<String> risky = cfg.riskyAssets();
        for (String a : risky) {
            int i = market.idx(a);
            double diff = weights.getOrDefault(a, 0.0) * equity - book.valueOf(i);
            if (diff < -dust) {
                swap(poolFor(a, null), true, book.unitsFor(i, -diff), reason);
            }
        }
        for (String a : risky) {
            int i = market.idx(a);
            double diff = weights.getOrDefault(a, 0.0) * equity - book.valueOf(i);
            if (diff > dust) {
                swap(poolFor(a, null), false, PairScale.toUnits(diff, book.decimals[book.quoteIndex]), reason);
            }
        }
    }

    private void addLiquidity(Intent.AddLiquidity a, String reason) {
        PoolSpec spec = cfg.pool(a.pool());
        int bi = market.idx(spec.base());
        int qi = book.quoteIndex;
        double p = market.prices[bi];
        double poolMid = exec.quote(a.pool(), false, BigInteger.ONE).midBefore();
        double[] perL = exec.amountsPerLiquidity(a.pool(), a.lowerPrice(), a.upperPrice());
        double value = book.human(qi, a.value());
        double l = value / (perL[0] * poolMid + perL[1]);
        double needBase = l * perL[0];
        double needQuote = l * perL[1];
        double haveBase = book.held(bi);
        double haveQuote = book.held(qi);
        if (haveBase < needBase * 0.999) {
            swap(a.pool(), false, PairScale.toUnits((needBase - haveBase) * poolMid, book.decimals[qi]), reason + " (zap)");
        } else if (haveQuote < needQuote * 0.999) {
            swap(a.pool(), true, PairScale.toUnits((needQuote - haveQuote) / poolMid, book.decimals[bi]), reason + " (zap)");
        }
        long now = market.now;
        BigInteger gasCost = gasCostQuote(limits.liquidityGas(), now);
        if (gas.gweiAt(now) > limits.maxGasGwei()) {
            reject(a.pool(), "add liquidity", "gas above the cap");
            return;
        }
        BigInteger baseMax = book.balance(bi).min(PairScale.toUnits(needBase, book.decimals[bi]));
        BigInteger quoteMax = book.balance(qi).subtract(gasCost).min(PairScale.toUnits(needQuote, book.decimals[qi]));
        if (quoteMax.signum() < 0) {
            reject(a.pool(), "add liquidity", "not enough " + cfg.quote() + " to pay gas");
            return;
        }
        MintFill m = exec.mint(a.pool(), a.lowerPrice(), a.upperPrice(), baseMax, quoteMax);
        if (m == null) {
            reject(a.pool(), "add liquidity", "amounts too small to mint liquidity");
            return;
        }
        book.add(bi, m.baseUsed().negate());
        book.add(qi, m.quoteUsed().negate());
        book.add(qi, gasCost.negate());
        double baseH = book.human(bi, m.baseUsed());
        double unitsBefore = book.held(bi) + baseH;
        if (unitsBefore > 0) {
            book.cost[bi] -= book.cost[bi] * baseH / unitsBefore;
        }
        double entry = baseH * p + book.human(qi, m.quoteUsed());
        double gasH = book.human(qi, gasCost);
        book.positions.put(m.positionId(), new Portfolio.Lp(m.positionId(), a.pool(), bi, m.lowerPrice(), m.upperPrice(),
                m.liquidity(), m.baseUsed(), m.quoteUsed(), entry, gasH));
        trades.add(new Trade(now, Trade.Kind.ADD_LIQUIDITY, a.pool(), spec.base(), m.baseUsed(), m.quoteUsed(), p, p,
                BigInteger.ZERO, BigInteger.ZERO, gasCost, Double.NaN, Double.NaN, Double.NaN,
                reason + String.format(" range %.2f-%.2f", m.lowerPrice(), m.upperPrice())));
    }

    private void removeLiquidity(Intent.RemoveLiquidity r, String reason) {
        List<Portfolio.Lp> close = new ArrayList<>();
        for (Portfolio.Lp lp : book.positions.values()) {
            if (lp.pool().equals(r.pool()) && (r.positionId() < 0 || lp.id() == r.positionId())) {
                close.add(lp);
            }
        }
        close.forEach(lp -> close(lp, reason));
    }

    void close(Portfolio.Lp lp, String reason) {
        long now = market.now;
        int bi = lp.baseIndex();
        int qi = book.quoteIndex;
        BigInteger gasCost = gasCostQuote(limits.liquidityGas(), now);
        BurnFill b = exec.burn(lp.id());
        book.positions.remove(lp.id());
        BigInteger baseOut = b.basePrincipal().add(b.baseFees());
        BigInteger quoteOut = b.quotePrincipal().add(b.quoteFees());
        book.add(bi, baseOut);
        book.add(qi, quoteOut);
        book.add(qi, gasCost.negate());
        double p = market.prices[bi];
        book.cost[bi] += book.human(bi, baseOut) * p;
        double fees = book.human(bi, b.baseFees()) * p + book.human(qi, b.quoteFees());
        double principal = book.human(bi, b.basePrincipal()) * p + book.human(qi, b.quotePrincipal());
        double hodl = book.human(bi, lp.baseIn()) * p + book.human(qi, lp.quoteIn());
        double gasH = book.human(qi, gasCost);
        double pnl = principal + fees - lp.entryValue() - lp.entryGas() - gasH;
        trades.add(new Trade(now, Trade.Kind.REMOVE_LIQUIDITY, lp.pool(), cfg.pool(lp.pool()).base(), baseOut, quoteOut, p, p,
                BigInteger.ZERO, BigInteger.ZERO, gasCost, pnl, fees, hodl - principal, reason));
    }

    /** Everything back to the quote asset: positions closed, risky assets sold. True when nothing risky is left. */
    boolean liquidate(String reason) {
        new ArrayList<>(book.positions.values()).forEach(lp -> close(lp, reason));
        boolean done = true;
        for (String a : cfg.riskyAssets()) {
            done &= sellAll(a, reason);
        }
        return done;
    }

    /**
     * Sells a whole holding for a risk rule. An order too big for the slippage limit is halved until
     * it passes, and the rest is sold in further slices, so a stop is not blocked by its own size;
     * what is left after 24 slices waits for the next event. True when the holding is gone.
     */
    boolean sellAll(String asset, String reason) {
        int i = market.idx(asset);
        BigInteger amount = book.balance(i);
        String pool = poolFor(asset, null);
        for (int k = 0; k < 24 && book.signum(i) > 0 && amount.signum() > 0; k++) {
            SwapFill f = swap(pool, true, book.atMostBalance(i, amount), reason, true);
            amount = f == null ? amount.shiftRight(1) : book.balance(i);
        }
        if (book.signum(i) > 0) {
            reject(pool, "sell " + asset, reason + ": not fully executable now (slippage or gas limit); retried next event");
            return false;
        }
        return true;
    }
}
