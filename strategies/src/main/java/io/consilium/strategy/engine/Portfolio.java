package io.consilium.strategy.engine;

import io.consilium.strategy.exec.ExecutionClient;
import io.consilium.strategy.exec.PairScale;
import io.consilium.strategy.exec.PositionValue;
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
    final BigInteger[] balances;
    /**
     * human(i, balances[i]) for each asset, computed when the balance changes: balances are read
     * (valued) several times per event and change far less often, and a wide BigInteger's
     * doubleValue is not cheap.
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
        this.balances = initial.clone();
        this.cost = new double[assets.length];
        this.scale = new double[assets.length];
        for (int i = 0; i < assets.length; i++) {
            scale[i] = PairScale.pow10(decimals[i]);
        }
        this.held = new double[assets.length];
        for (int i = 0; i < assets.length; i++) {
            held[i] = human(i, balances[i]);
        }
        this.quoteIndex = market.idx(market.quote());
        this.exec = exec;
    }

    /** An open V3 position and what went into it, for its round-trip PnL and impermanent loss. */
    record Lp(long id, String pool, int baseIndex, double lowerPrice, double upperPrice, BigInteger liquidity,
              BigInteger baseIn, BigInteger quoteIn, double entryValue, double entryGas) {
    }

    double human(int i, BigInteger units) {
        return units.doubleValue() / scale[i];
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
        balances[i] = balances[i].add(delta);
        held[i] = human(i, balances[i]);
    }

    /** balances[i] + plus - minus with one conversion of the result (a fill's output and its gas land together). */
    void addSub(int i, BigInteger plus, BigInteger minus) {
        BigInteger b = balances[i];
        if (plus != null) {
            b = b.add(plus);
        }
        balances[i] = b.subtract(minus);
        held[i] = human(i, balances[i]);
    }

    /** The holding of asset i in human units: human(i, balances[i]). */
    double held(int i) {
        return held[i];
    }

    @Override
    public BigInteger balance(String asset) {
        return balances[market.idx(asset)];
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
