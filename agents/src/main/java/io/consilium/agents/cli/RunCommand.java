package io.consilium.agents.cli;

import io.consilium.agents.AgentsUserError;
import io.consilium.agents.daemon.Daemon;
import io.consilium.agents.daemon.DaemonConfig;
import io.consilium.agents.daemon.DaemonConfigLoader;
import io.consilium.agents.daemon.DaemonOptions;
import io.consilium.agents.daemon.ModuleWiring;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium run`: the agent daemon (default: the embedded local testbed and the default strategies). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the agent daemon. With no options: a local anvil testbed with a real Uniswap V2/V3",
                "market and noise traders, an anvil dev account (DEV-ONLY), the strategies config/daemon.yaml",
                "enables, a synthetic LLM, the sandbox policy, and the dashboard on http://127.0.0.1:8088/.",
                "Ctrl-C stops cleanly."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Daemon config (default: config/daemon.yaml in the repository).")
    Path config;

    @Option(names = "--duration", paramLabel = "TIME", description = "Stop after this long, e.g. 90s, 10m, 2h (default: until Ctrl-C).")
    String duration;

    @Option(names = "--mode", paramLabel = "MODE", description = "Override the config's mode: paper, shadow or live.")
    String mode;

    @Option(names = "--cluster", description = "Join a Vert.x cluster (Hazelcast over TCP on loopback).")
    boolean cluster;

    @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Cluster interface (default ${DEFAULT-VALUE}).")
    String clusterHost;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "all", description = "llm, agents or all (default ${DEFAULT-VALUE}).")
    String role;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Override the config's http.port (0 = any free port).")
    Integer httpPort;

    @Option(names = "--quiet", description = "No periodic console status.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Path file = config != null ? config : DaemonConfigLoader.resolve("config/daemon.yaml");
        DaemonConfig cfg = DaemonConfigLoader.load(file);
        if (mode != null) {
            if (!DaemonConfigLoader.MODES.contains(mode)) {
                throw new AgentsUserError("--mode " + mode + ": must be paper, shadow or live");
            }
            cfg = new DaemonConfig(mode, cfg.chain(), cfg.wallet(), cfg.policy(), cfg.strategies(), cfg.portfolio(),
                    cfg.llm(), cfg.journal(), cfg.http(), cfg.console());
        }
        DaemonOptions.Role r;
        try {
            r = DaemonOptions.Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AgentsUserError("--role " + role + ": must be llm, agents or all");
        }
        if (r != DaemonOptions.Role.ALL && !cluster) {
            throw new AgentsUserError("--role " + role + " needs --cluster (the roles meet over the cluster's event bus)");
        }
        Duration limit = parseDuration(duration);
        PrintWriter out = spec.commandLine().getOut();
        DaemonOptions opts = new DaemonOptions(file, limit, mode, cluster, clusterHost, r, !quiet, httpPort);
        Daemon daemon = Daemon.start(cfg, opts, new ModuleWiring(), quiet ? null : out);
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            daemon.close();
        }, "consilium-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (limit == null) {
            stop.await();
        } else if (!stop.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            daemon.close();
            Runtime.getRuntime().removeShutdownHook(hook);
            out.print(daemon.board().consoleLine());
            out.println("consilium run: --duration " + duration + " reached; stopped cleanly");
            out.flush();
        }
        return 0;
    }

    static Duration parseDuration(String s) {
        if (s == null) {
            return null;
        }
        try {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (t.matches("\\d+(ms|s|m|h)")) {
                long n = Long.parseLong(t.replaceAll("[a-z]", ""));
                return switch (t.replaceAll("\\d", "")) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(s);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new AgentsUserError("--duration " + s + ": write it like 90s, 10m or 2h");
        }
    }
}
