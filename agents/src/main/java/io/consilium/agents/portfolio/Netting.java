package io.consilium.agents.portfolio;

import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.Proposal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nets opposite proposals on the same pool within one block: the overlapping value is crossed
 * between the strategies at the pool's price (a book transfer, nothing sent), and only the residual
 * goes to the chain. Two strategies that disagree therefore pay no fees or slippage to each other.
 */
final class Netting {
    private Netting() {
    }

    /** What netting did: per-strategy book transfers (symbol → signed units) and the residual proposals. */
    record Result(Map<String, Map<String, BigInteger>> crossed, List<Proposal> residual) {
    }

    static Result net(List<Proposal> swaps, Map<String, PoolState> pools) {
        Map<String, Map<String, BigInteger>> crossed = new HashMap<>();
        List<Proposal> residual = new ArrayList<>();
        Map<String, List<Proposal>> byPool = new HashMap<>();
        for (Proposal p : swaps) {
            byPool.computeIfAbsent(p.pool(), k -> new ArrayList<>()).add(p);
        }
        for (var e : byPool.entrySet()) {
            PoolState pool = pools.get(e.getKey());
            String t0 = pool == null ? null : pool.token0().symbol();
            List<Proposal> sell0 = e.getValue().stream().filter(p -> p.tokenIn().equals(t0)).toList();
            List<Proposal> sell1 = e.getValue().stream().filter(p -> !p.tokenIn().equals(t0)).toList();
            if (pool == null || sell0.isEmpty() || sell1.isEmpty() || !(pool.price() > 0)) {
                residual.addAll(e.getValue());
                continue;
            }
            // price: token1 base units per token0 base unit
            BigDecimal px = BigDecimal.valueOf(pool.price())
                    .movePointRight(pool.token1().decimals() - pool.token0().decimals());
            BigInteger sum0 = sell0.stream().map(Proposal::amountIn).reduce(BigInteger.ZERO, BigInteger::add);
            BigInteger sum1 = sell1.stream().map(Proposal::amountIn).reduce(BigInteger.ZERO, BigInteger::add);
            BigDecimal value0In1 = new BigDecimal(sum0).multiply(px);
            BigDecimal cross1 = value0In1.min(new BigDecimal(sum1)); // crossed value in token1 units
            BigDecimal f0 = value0In1.signum() == 0 ? BigDecimal.ZERO : cross1.divide(value0In1, MathContext.DECIMAL64);
            BigDecimal f1 = sum1.signum() == 0 ? BigDecimal.ZERO : cross1.divide(new BigDecimal(sum1), MathContext.DECIMAL64);
            for (Proposal p : sell0) {
                BigInteger in = new BigDecimal(p.amountIn()).multiply(f0).setScale(0, RoundingMode.DOWN).toBigInteger();
                BigInteger out = new BigDecimal(in).multiply(px).setScale(0, RoundingMode.DOWN).toBigInteger();
                book(crossed, p.strategy(), p.tokenIn(), in.negate());
                book(crossed, p.strategy(), p.tokenOut(), out);
                keepResidual(residual, p, p.amountIn().subtract(in));
            }
            for (Proposal p : sell1) {
                BigInteger in = new BigDecimal(p.amountIn()).multiply(f1).setScale(0, RoundingMode.DOWN).toBigInteger();
                BigInteger out = new BigDecimal(in).divide(px, MathContext.DECIMAL64).setScale(0, RoundingMode.DOWN)
                        .toBigInteger();
                book(crossed, p.strategy(), p.tokenIn(), in.negate());
                book(crossed, p.strategy(), p.tokenOut(), out);
                keepResidual(residual, p, p.amountIn().subtract(in));
            }
        }
        return new Result(crossed, residual);
    }

    private static void keepResidual(List<Proposal> residual, Proposal p, BigInteger left) {
        if (left.signum() > 0) {
            residual.add(new Proposal(p.version(), p.id(), p.strategy(), p.block(), p.action(), p.pool(), p.tokenIn(),
                    p.tokenOut(), left, p.reason() + " (netted: " + p.amountIn().subtract(left) + " crossed internally)",
                    p.source(), p.tickObservedAtNanos()));
        }
    }

    private static void book(Map<String, Map<String, BigInteger>> crossed, String strategy, String symbol, BigInteger d) {
        crossed.computeIfAbsent(strategy, k -> new HashMap<>()).merge(symbol, d, BigInteger::add);
    }
}
