package io.consilium.chain.testbed;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.BlockWatcher;
import io.consilium.chain.rpc.ChainClient;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded noise traders (dev accounts 7, 8, 9): each step one trader makes 1–3 swaps through the real routers, sizes drawn
 * from |N(0,1)| × 0.2% of the pool's depth, with a 2% chance of a 3–8% shock, direction a coin flip —
 * a random walk with occasional jumps. The swap sequence depends only on the seed and the step number,
 * so two testbeds with the same seed end in the same state after the same number of steps.
 */
public final class MarketSim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MarketSim.class);
    static final int[] TRADERS = {7, 8, 9};

    private final ChainClient client;
    private final AddressBook book;
    private final List<Address> accounts;
    private final SplittableRandom rng;
    private final ScheduledExecutorService timer;
    private long steps;

    private MarketSim(Testbed tb, long seed, boolean scheduled) {
        this.client = tb.client();
        this.book = tb.addressBook();
        this.accounts = tb.accounts();
        this.rng = new SplittableRandom(seed);
        this.timer = scheduled ? Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "market-sim");
            t.setDaemon(true);
            return t;
        }) : null;
        prepareTraders();
    }

    /**
     * Starts trading on a background thread: with interval mining ({@code perBlock}) one round per new
     * block; under automine (where every swap is itself a block) one round every {@code interval}.
     */
    static MarketSim start(Testbed tb, long seed, Duration interval, boolean perBlock) {
        MarketSim sim = new MarketSim(tb, seed, true);
        if (perBlock) {
            BlockWatcher blocks = new BlockWatcher(tb.client(), 4, e -> { });
            blocks.poll();
            sim.timer.scheduleWithFixedDelay(() -> {
                try {
                    if (!blocks.poll().isEmpty()) {
                        sim.stepQuietly();
                    }
                } catch (RuntimeException e) {
                    LOG.warn("market sim block poll failed: {}", e.toString());
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
        } else {
            sim.timer.scheduleWithFixedDelay(sim::stepQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return sim;
    }

    /** A simulator driven by hand with {@link #step()} (deterministic tests). */
    public static MarketSim manual(Testbed tb, long seed) {
        return new MarketSim(tb, seed, false);
    }

    private void prepareTraders() {
        for (int i : TRADERS) {
            DevTxBatch b = new DevTxBatch(client, accounts.get(i));
            b.call("trader wraps ETH", book.contract("WETH"), BigInteger.TEN.pow(21), Abi.encodeCall("deposit()"));
            for (Token t : book.tokens().values()) {
                for (String spender : List.of("UniswapV2Router02", "SwapRouter")) {
                    b.call("trader approves", t.address(), BigInteger.ZERO,
                            Abi.encodeCall("approve(address,uint256)", book.contract(spender), Deployer.MAX_UINT));
                }
            }
            b.flush();
        }
    }

    /** One round of noise trades; returns how many swaps it made. */
    public synchronized int step() {
        steps++;
        Address trader = accounts.get(TRADERS[rng.nextInt(TRADERS.length)]);
        DevTxBatch b = new DevTxBatch(client, trader);
        int swaps = 1 + rng.nextInt(3);
        for (int i = 0; i < swaps; i++) {
            MarketSpec.PoolSpec spec = MarketSpec.POOLS.get(rng.nextInt(MarketSpec.POOLS.size()));
            boolean sellBase = rng.nextBoolean();
            double fraction = rng.nextDouble() < 0.02 ? 0.03 + 0.05 * rng.nextDouble() : Math.abs(gaussian()) * 0.002;
            swap(b, trader, spec, sellBase, Math.max(fraction, 1e-5));
        }
        b.flush();
        return swaps;
    }

    public synchronized long steps() {
        return steps;
    }

    private void swap(DevTxBatch b, Address trader, MarketSpec.PoolSpec spec, boolean sellBase, double fraction) {
        Token base = book.token(spec.base());
        Token quote = book.token(spec.quote());
        BigDecimal baseAmount = spec.baseDepth().multiply(BigDecimal.valueOf(fraction), MathContext.DECIMAL64);
        Token in = sellBase ? base : quote;
        Token out = sellBase ? quote : base;
        BigInteger amountIn = sellBase ? PoolMath.units(baseAmount, base.decimals())
                : PoolMath.units(baseAmount.multiply(spec.price()), quote.decimals());
        if (amountIn.signum() == 0) {
            amountIn = BigInteger.ONE;
        }
        if (spec.fee() == 0) {
            b.call("sim V2 swap " + spec.name(), book.contract("UniswapV2Router02"), BigInteger.ZERO,
                    Abi.encodeCall("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)",
                            amountIn, BigInteger.ZERO, List.of(in.address(), out.address()), trader, Deployer.MAX_UINT));
        } else {
            b.call("sim V3 swap " + spec.name(), book.contract("SwapRouter"), BigInteger.ZERO,
                    Abi.encodeCall("exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))",
                            List.of(in.address(), out.address(), BigInteger.valueOf(spec.fee()), trader, Deployer.MAX_UINT,
                                    amountIn, BigInteger.ZERO, BigInteger.ZERO)));
        }
    }

    /** Box–Muller on the seeded generator, so the draw sequence is ours and stable across JDKs. */
    private double gaussian() {
        double u1 = 1.0 - rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private void stepQuietly() {
        try {
            step();
        } catch (RuntimeException e) {
            if (timer != null && timer.isShutdown()) {
                return; // close() interrupted a step in flight: the shutdown, not a failure
            }
            LOG.warn("market sim step {} failed: {}", steps, e.toString());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
