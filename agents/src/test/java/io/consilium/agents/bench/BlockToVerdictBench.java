package io.consilium.agents.bench;

import io.consilium.agents.bus.Addresses;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.agents.daemon.Daemon;
import io.consilium.agents.daemon.DaemonConfig;
import io.consilium.agents.daemon.DaemonConfigLoader;
import io.consilium.agents.daemon.DaemonOptions;
import io.consilium.agents.daemon.ModuleWiring;
import io.consilium.agents.journal.ChronicleEventJournal;
import io.consilium.agents.journal.EventJournal;
import io.consilium.agents.messages.Proposal;
import io.consilium.agents.messages.SandboxVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Block-to-verdict latency of the embedded default (anvil testbed, live mode, the default strategies,
 * the real sandbox): from the moment a block's snapshot is read to the sandbox's verdict on the order it
 * caused (snapshot → strategy → portfolio → executor → simulate + policy), read back from the journal.
 * A live allow is published when the policy decides, before signing; a swap that needed an approval
 * first includes that approval's mining.
 * Also decisions per second (proposals, holds included) over the run. Prints; asserts nothing.
 * Args: [seconds=120]. Run with the launcher's classpath plus agents/target/test-classes.
 */
public final class BlockToVerdictBench {
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        Path home = Path.of(System.getProperty("consilium.home", "."));
        Path file = home.resolve("config/daemon.yaml");
        DaemonConfig c = DaemonConfigLoader.load(file);
        Path tmp = Files.createTempDirectory("consilium-bench");
        DaemonConfig cfg = new DaemonConfig(c.mode(), c.chain(), c.wallet(), c.policy(), c.strategies(), c.portfolio(),
                c.llm(), tmp.resolve("journal").toString(), new DaemonConfig.Http(0, "127.0.0.1"), c.console());
        Path journalDir;
        long t0;
        long t1;
        try (Daemon d = Daemon.start(cfg, new DaemonOptions(file, null, null, false, "127.0.0.1",
                DaemonOptions.Role.ALL, false, 0), new ModuleWiring(), null)) {
            t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            t1 = System.nanoTime();
            journalDir = d.journalDir();
        }
        List<Long> lat = new ArrayList<>();
        long proposals = 0;
        long swaps = 0;
        var json = BusCodecs.json();
        try (EventJournal j = new ChronicleEventJournal(journalDir)) {
            for (EventJournal.Entry e : j.readAll()) {
                if (e.type().equals("bus." + Addresses.EXECUTOR_VERDICT)) {
                    SandboxVerdict v = json.readValue(e.json(), SandboxVerdict.class);
                    // only first verdicts of an order (a resumed approval waited for a person)
                    if (v.decision() != SandboxVerdict.Decision.PENDING && v.tickObservedAtNanos() > 0) {
                        lat.add(v.decidedAtNanos() - v.tickObservedAtNanos());
                    }
                } else if (e.type().equals("bus." + Addresses.PORTFOLIO_PROPOSAL)) {
                    proposals++;
                    if (!json.readValue(e.json(), Proposal.class).isHold()) {
                        swaps++;
                    }
                }
            }
        }
        lat.sort(null);
        System.out.printf("run: %d s, %d proposals (%d swaps) = %.1f decisions/s across the enabled strategies%n", seconds,
                proposals, swaps, proposals / ((t1 - t0) / 1e9));
        if (lat.isEmpty()) {
            System.out.println("block-to-verdict: no verdicts in this run");
        } else {
            System.out.printf("block-to-verdict (snapshot read → sandbox verdict, incl. approve steps): n=%d median %.1f ms, "
                    + "p99 %.1f ms, max %.1f ms%n", lat.size(), lat.get(lat.size() / 2) / 1e6,
                    lat.get(Math.min(lat.size() - 1, (int) Math.ceil(lat.size() * 0.99) - 1)) / 1e6, lat.getLast() / 1e6);
        }
        System.exit(0);
    }
}
