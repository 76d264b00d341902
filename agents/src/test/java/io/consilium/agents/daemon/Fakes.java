package io.consilium.agents.daemon;

import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.market.MarketFeed;
import io.consilium.agents.messages.BusMessage;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small in-memory stand-ins for the chain and the sandbox, for unit tests of the bus side. */
final class Fakes {
    static final Token USDC = new Token(Address.of("0x00000000000000000000000000000000000000a1"), "USDC", 6);
    static final Token WETH = new Token(Address.of("0x00000000000000000000000000000000000000a2"), "WETH", 18);
    static final Address ACCOUNT = Address.of("0x00000000000000000000000000000000000000b1");

    /** A V2 pool with a seeded random walk; "mines" one block per poll. */
    static final class Feed implements MarketFeed {
        final Map<String, BigInteger> balances = new ConcurrentHashMap<>();
        BigInteger r0 = new BigInteger("1000").multiply(BigInteger.TEN.pow(18));
        BigInteger r1 = new BigInteger("3000000").multiply(BigInteger.TEN.pow(6));
        long block = 100;
        final Random rnd = new Random(7);

        Feed() {
            balances.put("USDC", new BigInteger("100000000000"));
            balances.put("WETH", new BigInteger("30").multiply(BigInteger.TEN.pow(18)));
        }

        @Override
        public synchronized List<BusMessage> poll() {
            block++;
            BigInteger d = r0.divide(BigInteger.valueOf(100)).multiply(BigInteger.valueOf(rnd.nextInt(5) - 2));
            r0 = r0.add(d);
            double price = new BigDecimal(r1).movePointLeft(6).doubleValue() / new BigDecimal(r0).movePointLeft(18).doubleValue();
            PoolState p = new PoolState("V2:WETH/USDC", "V2", Address.of("0x00000000000000000000000000000000000000c1"),
                    WETH, USDC, 3000, r0, r1, null, null, 0, price);
            return List.of(new MarketTick(MarketTick.VERSION, 31337, block, "0x" + Long.toHexString(block), block * 12,
                    List.of(USDC, WETH), List.of(p), ACCOUNT, Map.copyOf(balances), System.nanoTime()));
        }

        @Override
        public String describe() {
            return "fake feed";
        }
    }

    /** Fills every order at minAmountOut and moves the fake balances, like a paper sandbox. */
    static final class Executor implements OrderExecutor {
        final Feed feed;
        final List<Order> executed = new CopyOnWriteArrayList<>();

        Executor(Feed feed) {
            this.feed = feed;
        }

        @Override
        public Parked execute(Order o, Listener l) {
            executed.add(o);
            l.verdict(new SandboxVerdict(SandboxVerdict.VERSION, o.id(), o.strategy(), SandboxVerdict.Decision.ALLOW,
                    List.of("fake: allow"), List.of(), null, o.tickObservedAtNanos(), System.nanoTime()));
            Map<String, BigInteger> deltas = new HashMap<>();
            deltas.put(o.tokenIn(), o.amountIn().negate());
            deltas.put(o.tokenOut(), o.minAmountOut());
            deltas.forEach((k, v) -> feed.balances.merge(k, v, BigInteger::add));
            l.result(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.FILLED,
                    "0xfeed" + executed.size(), executed.size(), o.block(), deltas, BigInteger.ZERO, "filled"));
            return null;
        }

        @Override
        public List<ExecutionResult> reconcile(List<ExecutionResult> sent) {
            return List.of();
        }

        @Override
        public boolean decideApproval(String id, boolean approve, String by) {
            return false;
        }

        @Override
        public List<PendingApproval> pendingApprovals() {
            return List.of();
        }

        @Override
        public String describe() {
            return "fake executor";
        }
    }

    /** Alternates buying and selling a little WETH every block. */
    static Proposal flipFlop(MarketTick t, String strategy) {
        boolean buy = t.block() % 2 == 0;
        BigInteger amt = buy ? BigInteger.valueOf(100_000_000) : new BigInteger("30000000000000000");
        return new Proposal(Proposal.VERSION, strategy + "-" + t.block(), strategy, t.block(), Proposal.Action.SWAP,
                "V2:WETH/USDC", buy ? "USDC" : "WETH", buy ? "WETH" : "USDC", amt, buy ? "test buy" : "test sell", "rule",
                t.observedAtNanos());
    }

    private Fakes() {
    }

    static List<String> names(List<?> xs) {
        List<String> out = new ArrayList<>();
        xs.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }
}
