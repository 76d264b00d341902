package io.consilium.strategy.engine;

import io.consilium.strategy.exec.ExecutionClient;
import io.consilium.strategy.exec.PairScale;
import io.consilium.strategy.exec.PositionValue;
import io.consilium.strategy.exec.U128;
import io.consilium.strategy.spi.PortfolioView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Balances in base units, average cost per asset (quote units, costs included) and open
 * liquidity positions. Valued at the market state's prices; positions through the execution client.
 */
final class Portfolio implements PortfolioView {
    final String[] assets;
    final int[] decimals;
    final double[] scale;
    /** Base units per asset, exact (limbs while within ±2^126, else BigInteger). */
    private final Balances balances;
    /**
     * human(i, balance(i)) for each asset, computed when the balance changes: balances are read
     * (valued) several times per event and change far less often.
     */
    private final double[] held;
    final double[] cost;
    final int quoteIndex;
    final Map<Long, Lp> positions = new LinkedHashMap<>();
    private final MarketState market;
    private final ExecutionClient exec;

    Portfolio(MarketState market, int[] decimals, BigInteger[] initial, ExecutionClient exec) {
        this.market = market;
        this.assets = market.assets;
        this.decimals = decimals;
        this.balances = new Balances(initial);
        this.cost = new double[assets.length];
        this.scale = new double[assets.length];
        for (int i = 0; i < assets.length; i++) {
            scale[i] = PairScale.pow10(decimals[i]);
        }
        this.held = new double[assets.length];
        for (int i = 0; i < assets.length; i++) {
            held[i] = balances.toDouble(i) / scale[i];
        }
        this.quoteIndex = market.idx(market.quote());
        this.exec = exec;
    }

    /** An open V3 position and what went into it, for its round-trip PnL and impermanent loss. */
    record Lp(long id, String pool, int baseIndex, double lowerPrice, double upperPrice, BigInteger liquidity,
              BigInteger baseIn, BigInteger quoteIn, double entryValue, double entryGas) {
    }

    double human(int i, BigInteger units) {
        return U128.doubleOf(units) / scale[i];
    }

    /** The balance of asset i in base units. */
    BigInteger balance(int i) {
        return balances.get(i);
    }

    int signum(int i) {
        return balances.signum(i);
    }

    /** The sign of balance(i) - a - b (a or b null for 0), without building BigIntegers when they fit. */
    int compareAfter(int i, BigInteger a, BigInteger b) {
        return balances.compareAfter(i, a, b);
    }

    /** x.min(balance(i)): x itself unless the balance is smaller. */
    BigInteger atMostBalance(int i, BigInteger x) {
        return balances.compareAfter(i, x, null) >= 0 ? x : balances.get(i);
    }

    double valueOf(int i) {
        return held[i] * market.prices[i];
    }

    /** Value of every position (principal + uncollected fees) in quote units. */
    double positionsValue() {
        double v = 0;
        for (Lp lp : positions.values()) {
            v += positionValue(lp);
        }
        return v;
    }

    double positionValue(Lp lp) {
        PositionValue pv = exec.value(lp.id());
        double p = market.prices[lp.baseIndex()];
        return human(lp.baseIndex(), pv.basePrincipal().add(pv.baseFees())) * p
                + human(quoteIndex, pv.quotePrincipal().add(pv.quoteFees()));
    }

    double positionFees(Lp lp) {
        PositionValue pv = exec.value(lp.id());
        return human(lp.baseIndex(), pv.baseFees()) * market.prices[lp.baseIndex()] + human(quoteIndex, pv.quoteFees());
    }

    void add(int i, BigInteger delta) {
        addSub(i, delta, null, null);
    }

    /**
     * balance(i) + plus - minus1 - minus2 (nulls for 0) with one conversion of the result: a fill's
     * input, output and gas land together (integer sums: the order does not change the result).
     */
    void addSub(int i, BigInteger plus, BigInteger minus1, BigInteger minus2) {
        balances.addSub(i, plus, minus1, minus2);
        held[i] = balances.toDouble(i) / scale[i];
    }

    /** The holding of asset i in human units: human(i, balance(i)). */
    double held(int i) {
        return held[i];
    }

    @Override
    public BigInteger balance(String asset) {
        return balances.get(market.idx(asset));
    }

    @Override
    public int decimals(String asset) {
        return decimals[market.idx(asset)];
    }

    @Override
    public double equity() {
        double e = 0;
        for (int i = 0; i < assets.length; i++) {
            e += valueOf(i);
        }
        return positions.isEmpty() ? e : e + positionsValue();
    }

    @Override
    public double value(String asset) {
        return valueOf(market.idx(asset));
    }

    @Override
    public List<LiquidityPosition> positions() {
        List<LiquidityPosition> out = new ArrayList<>();
        for (Lp lp : positions.values()) {
            out.add(new LiquidityPosition(lp.id(), lp.pool(), lp.lowerPrice(), lp.upperPrice(), lp.liquidity(),
                    positionValue(lp), positionFees(lp)));
        }
        return out;
    }

    @Override
    public BigInteger quoteUnits(double value) {
        return io.consilium.strategy.exec.PairScale.toUnits(value, decimals[quoteIndex]);
    }

    /** Units of an asset worth {@code value} quote at the current price. */
    BigInteger unitsFor(int i, double value) {
        return io.consilium.strategy.exec.PairScale.toUnits(value / market.prices[i], decimals[i]);
    }

    /** Average entry price of the holding, or NaN. */
    double averagePrice(int i) {
        double units = held[i];
        return units > 0 ? cost[i] / units : Double.NaN;
    }
}
