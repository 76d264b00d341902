package io.consilium.agents.bench;

import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.PortfolioView;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.portfolio.Book;
import io.consilium.agents.portfolio.RiskLimits;
import io.consilium.agents.strategy.spi.SpiRule;
import io.consilium.agents.strategy.spi.StrategyBinding;
import io.consilium.strategy.Strategies;
import io.consilium.strategy.config.StrategyConfig;
import io.consilium.strategy.config.StrategyConfigs;
import java.nio.file.Path;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.llm.serve.bus.LlmRequest;
import io.consilium.llm.serve.bus.LlmResponse;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Event-bus round trip (local and clustered over loopback Hazelcast) with a real protocol record,
 * and rule-decision throughput (strategy decide + portfolio sizing). Prints; asserts nothing.
 * Run: java -cp ... io.consilium.agents.bench.AgentsBench
 */
public final class AgentsBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Vertx local = Vertx.vertx();
        BusCodecs.register(local);
        roundTrip("local", local, local, n);
        local.close().await(10, TimeUnit.SECONDS);

        Vertx a = clustered();
        Vertx b = clustered();
        Thread.sleep(2_000);
        roundTrip("clustered (2 Vert.x, Hazelcast on 127.0.0.1)", a, b, Math.min(n, 5_000));
        a.close().await(20, TimeUnit.SECONDS);
        b.close().await(20, TimeUnit.SECONDS);

        decisions(500_000);
        System.exit(0);
    }

    private static Vertx clustered() throws Exception {
        var hz = ConfigUtil.loadConfig();
        hz.setClusterName("consilium-bench");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.logging.type", "slf4j");
        var net = hz.getNetworkConfig();
        net.setPort(5801).setPortAutoIncrement(true);
        net.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        net.getJoin().getMulticastConfig().setEnabled(false);
        net.getJoin().getAutoDetectionConfig().setEnabled(false);
        net.getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        VertxOptions vo = new VertxOptions();
        vo.getEventBusOptions().setHost("127.0.0.1").setPort(0);
        Vertx v = Vertx.builder().with(vo).withClusterManager(new HazelcastClusterManager(hz)).buildClustered()
                .await(60, TimeUnit.SECONDS);
        BusCodecs.register(v);
        return v;
    }

    private static void roundTrip(String label, Vertx server, Vertx client, int n) throws Exception {
        server.eventBus().<LlmRequest>consumer("bench.echo", m -> m.reply(new LlmResponse(LlmResponse.VERSION,
                m.body().id(), "bench", "{}", 1, 1, "stop", null, 0))).completion().await(10, TimeUnit.SECONDS);
        Thread.sleep(500);
        long[] lat = new long[n];
        for (int i = 0; i < n; i++) {
            LlmRequest req = new LlmRequest(LlmRequest.VERSION, "r" + i, "price 3000", 16, 0, 1, null, 1000);
            long t0 = System.nanoTime();
            client.eventBus().request("bench.echo", req).await(10, TimeUnit.SECONDS);
            lat[i] = System.nanoTime() - t0;
        }
        Arrays.sort(lat);
        System.out.printf("event-bus round trip, %s: n=%d median %.1f µs, p99 %.1f µs%n", label, n,
                lat[n / 2] / 1e3, lat[(int) (n * 0.99)] / 1e3);
    }

    private static void decisions(int n) {
        Token usdc = new Token(Address.of("0x00000000000000000000000000000000000000a1"), "USDC", 6);
        Token weth = new Token(Address.of("0x00000000000000000000000000000000000000a2"), "WETH", 18);
        Address acct = Address.of("0x00000000000000000000000000000000000000b1");
        // The embedded default's rebalance YAML, run by the strategies module's own built-in through the daemon's SPI adapter.
        StrategyConfig cfg = StrategyConfigs.load(Path.of(System.getProperty("consilium.home", "."),
                "config/strategies/daemon-eth-usdc-rebalance.yaml"));
        SpiRule rule = new SpiRule(new StrategyBinding(cfg, Map.of("WETH", "WETH", "USDC", "USDC"),
                Map.of(cfg.pools().getFirst().id(), "V2:WETH/USDC")), Strategies.create(cfg));
        Book book = new Book("USDC", 1e12, Map.of(cfg.name(), new RiskLimits(Map.of("USDC", BigInteger.valueOf(10_000_000_000L),
                "WETH", new BigInteger("2000000000000000000")), 1e12, 0.9, 100)));
        long t0 = System.nanoTime();
        int orders = 0;
        for (int i = 0; i < n; i++) {
            BigInteger r0 = new BigInteger("1000000000000000000000").add(BigInteger.valueOf(i % 200).shiftLeft(60));
            BigInteger r1 = BigInteger.valueOf(3_000_000_000_000L);
            double px = r1.doubleValue() / 1e6 / (r0.doubleValue() / 1e18);
            PoolState p = new PoolState("V2:WETH/USDC", "V2", acct, weth, usdc, 3000, r0, r1, null, null, 0, 1 / px);
            MarketTick t = new MarketTick(1, 31337, i, "0x", 1_700_000_000L + i * 12L, List.of(usdc, weth), List.of(p), acct, Map.of(), t0);
            book.mark(t);
            PortfolioView v = book.view(cfg.name());
            Proposal prop = rule.decide(t, v);
            if (!prop.isHold()) {
                Book.Sized s = book.size(prop, acct, "o" + i);
                if (s.order() != null) {
                    orders++;
                    book.onResult(new io.consilium.agents.messages.ExecutionResult(1, s.order().id(), cfg.name(),
                            io.consilium.agents.messages.ExecutionResult.Status.FAILED, null, -1, i, Map.of(), null, "bench"));
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("rule decisions (strategies-module rebalance via SpiRule + portfolio mark/view/size), one thread: %.0f /s (%d orders)%n",
                n / s, orders);
    }
}
