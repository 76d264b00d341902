package io.consilium.sandbox.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.wallet.LocalSigner;
import io.consilium.sandbox.SandboxUserError;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.approval.ApprovalQueue;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.pipeline.Verdict;
import io.consilium.sandbox.policy.KillSwitch;
import io.consilium.sandbox.policy.Policy;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.PolicyLoader;
import io.consilium.sandbox.quote.UniswapQuoteSource;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.CrossCheckedRpc;
import io.consilium.sandbox.sim.JsonRpc;
import io.consilium.sandbox.sim.NodeSimulator;
import io.consilium.sandbox.sim.TimeLimitedSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium sandbox submit`: simulate one transaction, check it against a policy, and (live) sign and send it. */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {"Simulate a transaction, check it against a policy and, in live mode, sign and send it.",
                "Prints the verdict as JSON. Exit status: 0 allow, 3 deny, 4 pending (human approval), 1 error."})
public final class SandboxSubmitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rpc", required = true, paramLabel = "URL", description = "JSON-RPC endpoint (needs debug_traceCall).")
    String rpc;

    @Option(names = "--check-rpc", paramLabel = "URL",
            description = "A second, independent endpoint: every simulation read must agree on both or the request is denied.")
    String checkRpc;

    @Option(names = "--policy", required = true, paramLabel = "P.yaml", description = "Policy file, e.g. config/policies/default.yaml.")
    Path policyFile;

    @Option(names = "--tx", paramLabel = "TX.json", description = "{chainId, from, to, value, data} (+ gas, maxFeePerGas, maxPriorityFeePerGas, nonce, id).")
    Path txFile;

    @Option(names = "--mode", defaultValue = "paper", paramLabel = "paper|shadow|live",
            description = "paper: simulate and book, never sign (default); shadow: record what would happen; live: sign and send.")
    String mode;

    @Option(names = "--keystore", paramLabel = "DIR", description = "Keystore directory (live mode).")
    Path keystore;

    @Option(names = "--account", paramLabel = "ADDR", description = "The signing account (live mode); must be the tx's from.")
    String account;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Keystore password file (else $CONSILIUM_WALLET_PASSWORD or the console).")
    Path passwordFile;

    @Option(names = "--journal", defaultValue = ".consilium/journal", paramLabel = "DIR", description = "Audit journal directory.")
    Path journalDir;

    @Option(names = "--approvals", defaultValue = ".consilium/approvals", paramLabel = "DIR", description = "Human-approval queue directory.")
    Path approvalsDir;

    @Option(names = "--approval", paramLabel = "ID", description = "Continue a request that a person has approved (instead of --tx).")
    String approvalId;

    @Option(names = "--address-book", paramLabel = "FILE",
            description = "Names for the policy: the JSON line `consilium testbed up` prints, or a flat {name: address} map.")
    Path addressBook;

    @Option(names = "--simulator", defaultValue = "node", paramLabel = "node|fork",
            description = "node: debug_traceCall on the RPC itself (default); fork: a local anvil fork of the RPC.")
    String simulatorKind;

    @Option(names = "--sim-timeout", defaultValue = "15000", paramLabel = "MS", description = "Simulation time limit; past it the request is denied.")
    long simTimeoutMs;

    @Override
    public Integer call() {
        Mode m = parseMode(mode);
        if (txFile == null && approvalId == null) {
            throw new SandboxUserError("pass --tx TX.json (or --approval ID to continue an approved request)");
        }
        Map<String, Address> names = AddressBookFile.read(addressBook);
        Policy policy = PolicyLoader.load(policyFile, names);
        LocalSigner signer = null;
        io.consilium.sandbox.sim.Simulator simulator = null;
        if (m == Mode.LIVE) {
            if (keystore == null || account == null) {
                throw new SandboxUserError("--mode live needs --keystore DIR and --account ADDR to sign with");
            }
            signer = KeystoreSigner.open(keystore, parseAddress(account), passwordFile);
        }
        try (ChainClient client = ChainClient.builder().endpoint(rpc).retries(2).readTimeout(Duration.ofMillis(simTimeoutMs)).build();
             ChainClient check = checkRpc == null ? null : ChainClient.builder().endpoint(checkRpc).retries(2).build();
             Journal journal = Journal.open(journalDir)) {
            JsonRpc chain = new ChainRpc(client);
            JsonRpc simRpc = check == null ? chain : new CrossCheckedRpc(chain, new ChainRpc(check));
            io.consilium.sandbox.sim.Simulator inner = switch (simulatorKind) {
                case "node" -> new NodeSimulator(simRpc);
                case "fork" -> io.consilium.sandbox.sim.ForkSimulator.start(io.consilium.sandbox.sim.ForkSimulator.locateAnvil(
                        Path.of(System.getProperty("consilium.home", "."))), rpc, simRpc);
                default -> throw new SandboxUserError("--simulator must be node or fork, not '" + simulatorKind + "'");
            };
            simulator = new TimeLimitedSimulator(inner, Duration.ofMillis(simTimeoutMs));
            Sandbox.Builder b = Sandbox.builder().rpc(chain)
                    .simulator(simulator)
                    .policy(new PolicyEngine(policy, null, new KillSwitch(policy.killSwitchFile())))
                    .journal(journal).mode(m).approvals(new ApprovalQueue(approvalsDir))
                    .quotes(new UniswapQuoteSource(chain, names.get("UniswapV2Router02"), names.get("SwapRouter"), names.get("QuoterV2")));
            if (signer != null) {
                b.signer(signer).nonces(new io.consilium.chain.tx.NonceManager(client, journalDir.resolveSibling("nonces")));
            }
            Sandbox sb = b.build();
            sb.restoreBudgets(); // each invocation is a new process: the journal carries the rolling caps over
            Verdict v = approvalId != null ? sb.resume(approvalId) : sb.submit(TxRequest.read(txFile));
            spec.commandLine().getOut().println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(v));
            return v.exitCode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        } finally {
            if (simulator != null) {
                simulator.close();
            }
            if (signer != null) {
                signer.destroy();
            }
        }
    }

    static Mode parseMode(String s) {
        try {
            return Mode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SandboxUserError("--mode must be paper, shadow or live, not '" + s + "'");
        }
    }

    static Address parseAddress(String s) {
        try {
            return Address.of(s);
        } catch (IllegalArgumentException e) {
            throw new SandboxUserError("--account " + s + " is not an address (0x + 40 hex digits)");
        }
    }
}
