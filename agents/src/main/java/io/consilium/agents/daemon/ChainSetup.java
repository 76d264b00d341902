package io.consilium.agents.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.agents.AgentsUserError;
import io.consilium.agents.bus.BusCodecs;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.DevKeySigner;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.testbed.TestbedOptions;
import io.consilium.chain.wallet.Keystore;
import io.consilium.chain.wallet.LocalSigner;
import io.consilium.chain.wallet.Signer;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain side of the daemon: the embedded testbed, or RPC endpoints with an address-book file
 * (tokens, contracts and pools by name, as {@link #writeAddressBook} writes it); and the wallet: an
 * anvil dev account (DEV-ONLY, local chain 31337 only) or a keystore whose password comes from a
 * file, an environment variable or a prompt.
 */
record ChainSetup(ChainClient client, ChainId chainId, AddressBook book, Signer signer, String label, String rpcUrl,
                  Testbed testbed) {
    private static final Logger log = LoggerFactory.getLogger(ChainSetup.class);
    static final ChainId ANVIL = ChainId.of(31337);

    static ChainSetup open(DaemonConfig cfg) {
        DaemonConfig.Chain c = cfg.chain();
        if (c.testbed() != null) {
            DaemonConfig.Testbed tc = c.testbed();
            TestbedOptions to = TestbedOptions.defaults()
                    .withPort(tc.port() == null ? 0 : tc.port())
                    .withMarketSim(tc.marketSim() == null || tc.marketSim(), tc.seed() == null ? 7 : tc.seed())
                    .withBlockTime(tc.blockTimeSeconds() == null ? 1 : tc.blockTimeSeconds());
            log.info("daemon: starting the local testbed (anvil + Uniswap V2/V3{})", to.marketSim() ? " + noise traders" : "");
            Testbed tb = Testbed.start(to);
            try {
                Signer s = signer(cfg, tb.chainId());
                return new ChainSetup(tb.client(), tb.chainId(), tb.addressBook(), s, label(cfg, s), tb.rpcUrl(), tb);
            } catch (RuntimeException | Error e) {
                tb.close();
                throw e;
            }
        }
        ChainClient client = ChainClient.builder().endpoints(c.endpoints()).build();
        ChainId id = client.chainId();
        if (c.chainId() != null && c.chainId() != id.value()) {
            client.close();
            throw new AgentsUserError("daemon config: key 'chain.chainId' is " + c.chainId() + " but " + c.endpoints()
                    + " serves chain " + id.value() + "; fix the endpoint or the chain id");
        }
        AddressBook book = readAddressBook(DaemonConfigLoader.resolve(c.addressBook()));
        if (!book.chainId().equals(id)) {
            client.close();
            throw new AgentsUserError("daemon config: key 'chain.addressBook': " + c.addressBook() + " is for chain "
                    + book.chainId().value() + " but the node serves chain " + id.value());
        }
        Signer s = signer(cfg, id);
        return new ChainSetup(client, id, book, s, label(cfg, s), c.endpoints().getFirst(), null);
    }

    private static Signer signer(DaemonConfig cfg, ChainId chain) {
        DaemonConfig.Wallet w = cfg.wallet();
        if (w.devAccount() != null) {
            if (!chain.equals(ANVIL)) {
                throw new AgentsUserError("daemon config: key 'wallet.devAccount': anvil dev keys are public (DEV-ONLY) and "
                        + "refused on chain " + chain.value() + "; use wallet.keystore");
            }
            return DevKeySigner.of(w.devAccount());
        }
        Path file = DaemonConfigLoader.resolve(w.keystore());
        char[] password = password(w);
        try {
            return new LocalSigner(Keystore.decrypt(file, password));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] password(DaemonConfig.Wallet w) {
        if (w.passwordFile() != null) {
            try {
                String p = Files.readString(DaemonConfigLoader.resolve(w.passwordFile())).strip();
                return p.toCharArray();
            } catch (IOException e) {
                throw new AgentsUserError("daemon config: key 'wallet.passwordFile': cannot read " + w.passwordFile()
                        + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        if (w.passwordEnv() != null) {
            String p = System.getenv(w.passwordEnv());
            if (p == null) {
                throw new AgentsUserError("daemon config: key 'wallet.passwordEnv': the environment variable "
                        + w.passwordEnv() + " is not set");
            }
            return p.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw new AgentsUserError("daemon config: wallet.keystore needs a password and there is no terminal to ask: "
                    + "set wallet.passwordFile or wallet.passwordEnv");
        }
        char[] p = console.readPassword("keystore password for %s: ", w.keystore());
        if (p == null) {
            throw new AgentsUserError("no keystore password given");
        }
        return p;
    }

    private static String label(DaemonConfig cfg, Signer s) {
        return cfg.wallet().devAccount() != null
                ? s.address() + " (anvil dev account " + cfg.wallet().devAccount() + ", DEV-ONLY)"
                : s.address() + " (keystore " + cfg.wallet().keystore() + ")";
    }

    static AddressBook readAddressBook(Path file) {
        ObjectMapper json = BusCodecs.json();
        try {
            return json.readValue(file.toFile(), AddressBook.class);
        } catch (IOException e) {
            throw new AgentsUserError("daemon config: key 'chain.addressBook': cannot read " + file + ": "
                    + e.getMessage().split("\n")[0] + " (write one with the daemon's address-book format; see config/daemon.yaml)");
        }
    }

    /** Writes an address book in the format {@code chain.addressBook} reads (tests and tools). */
    public static void writeAddressBook(AddressBook book, Path file) throws IOException {
        BusCodecs.json().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), book);
    }
}
