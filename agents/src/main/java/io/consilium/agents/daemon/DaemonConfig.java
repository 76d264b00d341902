package io.consilium.agents.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code config/daemon.yaml}, bound once at start and validated by {@link DaemonConfigLoader}. Paths
 * are resolved against the directory of the YAML file's repository root ({@code consilium.home}) when
 * relative. Passwords are never in this file: only where to get them.
 */
public record DaemonConfig(String mode, Chain chain, Wallet wallet, String policy, List<StrategyRef> strategies,
                           Portfolio portfolio, Llm llm, String journal, Http http, Console console) {

    /** Either a local testbed (the embedded default) or the RPC endpoints of a running node. */
    public record Chain(Testbed testbed, List<String> endpoints, Long chainId, Long pollMillis, List<String> pools,
                        String addressBook) {
    }

    public record Testbed(Boolean marketSim, Long seed, Integer blockTimeSeconds, Integer port) {
    }

    /**
     * {@code devAccount}: index of an anvil dev account (DEV-ONLY, testbed only). Otherwise a keystore
     * file with its password from {@code passwordFile}, the environment variable {@code passwordEnv},
     * or an interactive prompt.
     */
    public record Wallet(Integer devAccount, String keystore, String passwordFile, String passwordEnv) {
    }

    /**
     * One enabled strategy YAML and the slice of the account it may use (token symbol → human amount).
     * {@code assets} and {@code pools} (optional) map the YAML's asset names and pool ids to the chain's
     * token symbols and pool names where the automatic match (same symbol or W-prefixed; same kind, fee
     * and tokens) is not wanted.
     */
    public record StrategyRef(String file, Map<String, String> budget, Map<String, String> assets,
                              Map<String, String> pools) {
        public StrategyRef(String file, Map<String, String> budget) {
            this(file, budget, null, null);
        }
    }

    public record Portfolio(String quote, Double maxGlobalExposure, Integer maxSlippageBps, Double maxDrawdown,
                            Long windowMillis) {
    }

    /**
     * In-process model ({@code model}: a GGUF path; empty = the synthetic default made by
     * {@code llm synth} on first run) or {@code remote: true} to use the cluster's llm role.
     */
    public record Llm(String model, Boolean remote, Integer threads, Integer ctx, Long timeoutMillis,
                      @JsonProperty("synth") Synth synth) {
    }

    public record Synth(String arch, String shape, String type, Long seed) {
    }

    public record Http(Integer port, String host) {
    }

    public record Console(Integer everyBlocks) {
    }
}
