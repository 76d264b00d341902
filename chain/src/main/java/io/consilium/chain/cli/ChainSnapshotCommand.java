package io.consilium.chain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.snapshot.MarketSnapshot;
import io.consilium.chain.snapshot.SnapshotConfig;
import io.consilium.chain.snapshot.SnapshotReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium chain snapshot`: balances, reserves and V3 state at one block, as JSON. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Read balances, allowances, V2 reserves and V3 pool state at one block (one Multicall3 call); print JSON.")
public final class ChainSnapshotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rpc", required = true, description = "JSON-RPC URL; repeat for failover endpoints.")
    List<String> rpc;

    @Option(names = "--config", required = true, description = "Pools YAML (tokens, accounts, allowances, pools).")
    Path config;

    @Option(names = "--block", description = "Block number (default: latest).")
    Long block;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config)) {
            throw new ChainUserError("pools config " + config + " not found: pass --config with a YAML file (see `chain snapshot --help`)");
        }
        SnapshotConfig cfg = SnapshotConfig.load(config);
        try (ChainClient client = ChainClient.builder().endpoints(rpc).build()) {
            MarketSnapshot s = new SnapshotReader(client, cfg).read(block == null ? ChainClient.LATEST : block);
            spec.commandLine().getOut().println(jsonMapper().writeValueAsString(s));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** Big integers as strings, so no JSON reader rounds a wei amount through a double. */
    static ObjectMapper jsonMapper() {
        SimpleModule m = new SimpleModule().addSerializer(BigInteger.class, ToStringSerializer.instance);
        return new ObjectMapper().registerModule(m).disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }
}
