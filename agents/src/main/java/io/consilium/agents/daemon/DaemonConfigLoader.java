package io.consilium.agents.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.consilium.agents.AgentsUserError;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and validates {@code daemon.yaml}. Every error names the file, the key (and line when the
 * parser knows it) and what to do, as one {@link AgentsUserError}.
 */
public final class DaemonConfigLoader {
    public static final Set<String> MODES = Set.of("paper", "shadow", "live");

    private DaemonConfigLoader() {
    }

    public static DaemonConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AgentsUserError("daemon config " + file + " not found (pass --config FILE; the default is "
                    + "config/daemon.yaml in the repository)");
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        DaemonConfig cfg;
        try {
            cfg = yaml.readValue(file.toFile(), DaemonConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new AgentsUserError(file + ":" + line(e) + ": unknown key '" + path(e) + "' (known keys here: " + known + ")");
        } catch (JsonMappingException e) {
            throw new AgentsUserError(file + ":" + line(e) + ": key '" + path(e) + "': " + e.getOriginalMessage()
                    .replaceAll(" \\(for .*", "").replaceAll("\\n.*", "") + " (fix the value's type)");
        } catch (JsonProcessingException e) {
            throw new AgentsUserError(file + ":" + line(e) + ": not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AgentsUserError("cannot read daemon config " + file + ": " + e.getMessage());
        }
        if (cfg == null) {
            throw new AgentsUserError(file + ": the file is empty (copy config/daemon.yaml and edit it)");
        }
        validate(file, cfg);
        return cfg;
    }

    private static void validate(Path f, DaemonConfig c) {
        require(f, c.mode() != null && MODES.contains(c.mode()), "mode",
                "must be one of paper, shadow, live (got " + c.mode() + ")");
        require(f, c.chain() != null, "chain", "missing: set chain.testbed (local anvil) or chain.endpoints");
        boolean testbed = c.chain().testbed() != null;
        boolean endpoints = c.chain().endpoints() != null && !c.chain().endpoints().isEmpty();
        require(f, testbed ^ endpoints, "chain", "set exactly one of chain.testbed and chain.endpoints");
        if (endpoints) {
            for (String url : c.chain().endpoints()) {
                require(f, url.startsWith("http://") || url.startsWith("https://"), "chain.endpoints",
                        "'" + url + "' is not an http(s) URL");
            }
            require(f, c.chain().pools() != null && !c.chain().pools().isEmpty(), "chain.pools",
                    "list the pools to watch by address-book name when not on the testbed");
            require(f, c.chain().addressBook() != null, "chain.addressBook",
                    "missing: the JSON file naming the chain's tokens, contracts (routers, quoter) and pools");
        }
        require(f, c.wallet() != null, "wallet", "missing: set wallet.devAccount (testbed) or wallet.keystore");
        DaemonConfig.Wallet w = c.wallet();
        require(f, (w.devAccount() != null) ^ (w.keystore() != null), "wallet",
                "set exactly one of wallet.devAccount and wallet.keystore");
        if (w.devAccount() != null) {
            require(f, testbed || Long.valueOf(31337).equals(c.chain().chainId()), "wallet.devAccount",
                    "anvil dev accounts are DEV-ONLY and allowed only with chain.testbed or a local anvil (chain.chainId: 31337);"
                    + " use wallet.keystore for a real chain");
            require(f, w.devAccount() >= 0 && w.devAccount() < 10, "wallet.devAccount", "must be 0..9");
        }
        if (w.keystore() != null) {
            require(f, w.passwordFile() == null || w.passwordEnv() == null, "wallet",
                    "set at most one of wallet.passwordFile and wallet.passwordEnv (none = prompt)");
        }
        require(f, c.policy() != null && !c.policy().isBlank(), "policy", "missing: the sandbox policy file, e.g. "
                + "config/policies/default.yaml");
        require(f, c.strategies() != null && !c.strategies().isEmpty(), "strategies",
                "enable at least one strategy (a list of {file, budget})");
        for (int i = 0; i < c.strategies().size(); i++) {
            DaemonConfig.StrategyRef s = c.strategies().get(i);
            require(f, s.file() != null, "strategies[" + i + "].file", "missing: the strategy YAML path");
            require(f, s.budget() != null && !s.budget().isEmpty(), "strategies[" + i + "].budget",
                    "missing: what the strategy may use, e.g. {USDC: \"5000\", WETH: \"1\"}");
            s.budget().forEach((sym, amt) -> {
                try {
                    require(f, new BigDecimal(amt).signum() >= 0, "strategies[].budget." + sym, "must not be negative");
                } catch (NumberFormatException e) {
                    throw new AgentsUserError(f + ": key 'strategies[].budget." + sym + "': '" + amt
                            + "' is not a decimal amount (write it as a string, e.g. \"1.5\")");
                }
            });
        }
        require(f, c.portfolio() != null && c.portfolio().quote() != null, "portfolio.quote",
                "missing: the token PnL is measured in, e.g. USDC");
        if (c.portfolio().maxSlippageBps() != null) {
            require(f, c.portfolio().maxSlippageBps() > 0 && c.portfolio().maxSlippageBps() < 5_000,
                    "portfolio.maxSlippageBps", "must be between 1 and 4999");
        }
        if (c.portfolio().maxDrawdown() != null) {
            require(f, c.portfolio().maxDrawdown() > 0 && c.portfolio().maxDrawdown() < 1, "portfolio.maxDrawdown",
                    "a fraction between 0 and 1, e.g. 0.2");
        }
        require(f, c.journal() != null && !c.journal().isBlank(), "journal", "missing: the journal directory");
        if (c.http() != null && c.http().port() != null) {
            require(f, c.http().port() >= 0 && c.http().port() < 65536, "http.port", "must be 0..65535 (0 = any free port)");
        }
        if (c.http() != null && c.http().host() != null) {
            require(f, List.of("127.0.0.1", "localhost", "::1").contains(c.http().host()), "http.host",
                    "the dashboard binds to loopback only (127.0.0.1)");
        }
    }

    private static void require(Path f, boolean ok, String key, String what) {
        if (!ok) {
            throw new AgentsUserError(f + ": key '" + key + "': " + what);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null ? "?" : String.valueOf(e.getLocation().getLineNr());
    }

    /** Resolves a path from the config: as given if it exists, else under the repository root. */
    public static Path resolve(String p) {
        Path path = Path.of(p);
        if (path.isAbsolute() || Files.exists(path)) {
            return path;
        }
        String home = System.getProperty("consilium.home");
        return home == null ? path : Path.of(home).resolve(p);
    }
}
