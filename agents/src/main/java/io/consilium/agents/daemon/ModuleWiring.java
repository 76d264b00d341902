package io.consilium.agents.daemon;

import io.consilium.agents.AgentsUserError;
import io.consilium.agents.chain.ChainMarketFeed;
import io.consilium.agents.chain.SandboxOrderExecutor;
import io.consilium.agents.journal.ChronicleEventJournal;
import io.consilium.agents.journal.EventJournal;
import io.consilium.agents.portfolio.Book;
import io.consilium.agents.portfolio.RiskLimits;
import io.consilium.agents.strategy.Decider;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.snapshot.Multicall3;
import io.consilium.chain.snapshot.SnapshotReader;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.chain.testbed.Testbed;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.FeeEstimator;
import io.consilium.chain.tx.Fees;
import io.consilium.chain.wallet.Signer;
import io.consilium.sandbox.approval.ApprovalQueue;
import io.consilium.sandbox.journal.Journal;
import io.consilium.sandbox.pipeline.Mode;
import io.consilium.sandbox.pipeline.Sandbox;
import io.consilium.sandbox.policy.Policy;
import io.consilium.sandbox.policy.PolicyEngine;
import io.consilium.sandbox.policy.PolicyLoader;
import io.consilium.sandbox.policy.PriceSource;
import io.consilium.sandbox.quote.UniswapQuoteSource;
import io.consilium.sandbox.sim.ChainRpc;
import io.consilium.sandbox.sim.ForkSimulator;
import io.consilium.sandbox.sim.NodeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the daemon from the project's modules: the chain testbed (or endpoints), the signer, the
 * market feed, the strategies, the portfolio book and the executor behind the sandbox gate.
 */
public final class ModuleWiring implements Wiring {
    private static final Logger log = LoggerFactory.getLogger(ModuleWiring.class);

    @Override
    public Components build(DaemonConfig cfg, DaemonOptions opts, EventJournal journal) throws Exception {
        String node = opts.role().name().toLowerCase() + "@" + ProcessHandle.current().pid();
        Map<String, Object> info = new LinkedHashMap<>();
        if (opts.role() == DaemonOptions.Role.LLM) {
            return new Components(null, List.of(), null, null, "llm role", null, LlmWiring.generator(cfg, info, 4), info,
                    List.of());
        }
        List<AutoCloseable> resources = new ArrayList<>();
        ChainSetup chain = ChainSetup.open(cfg);
        resources.add(chain.testbed() != null ? chain.testbed() : chain.client());
        try {
            AddressBook book = chain.book();
            Signer signer = chain.signer();
            Address account = signer.address();
            String label = chain.label();
            if (cfg.wallet().devAccount() != null) {
                log.warn("wallet: {} — a publicly known key, for a local chain only", label);
            }
            ChainClient client = chain.client();

            List<PoolInfo> pools = new ArrayList<>(book.pools().values());
            pools.sort((a, b) -> a.name().compareTo(b.name()));
            if (cfg.chain().pools() != null && !cfg.chain().pools().isEmpty()) {
                pools.removeIf(p -> !cfg.chain().pools().contains(p.name()));
            }
            List<Token> tokens = new ArrayList<>(book.tokens().values());
            tokens.sort((a, b) -> a.symbol().compareTo(b.symbol()));

            Map<String, RiskLimits> limits = new LinkedHashMap<>();
            List<Decider> deciders = new ArrayList<>();
            Map<String, BigInteger> need = new HashMap<>();
            DaemonConfig.Portfolio pc = cfg.portfolio();
            for (DaemonConfig.StrategyRef ref : cfg.strategies()) {
                Decider d = StrategyLoader.load(DaemonConfigLoader.resolve(ref.file()), ref, book.tokens(), pools, node);
                if (limits.containsKey(d.name())) {
                    throw new AgentsUserError("strategies: two strategies are named '" + d.name() + "' (names must be unique)");
                }
                Map<String, BigInteger> budget = new HashMap<>();
                ref.budget().forEach((sym, human) -> {
                    Token t = token(book, sym, ref.file());
                    BigInteger u = new BigDecimal(human).movePointRight(t.decimals()).toBigInteger();
                    budget.put(sym, u);
                    need.merge(sym, u, BigInteger::add);
                });
                limits.put(d.name(), new RiskLimits(budget, pc.maxGlobalExposure() == null ? 1e12 : pc.maxGlobalExposure(),
                        pc.maxDrawdown() == null ? 0.25 : pc.maxDrawdown(),
                        pc.maxSlippageBps() == null ? 100 : pc.maxSlippageBps()));
                deciders.add(d);
            }
            if (chain.testbed() != null) {
                fundDevWallet(chain.testbed(), signer, book, need);
            }
            Book portfolio = new Book(pc.quote(), pc.maxGlobalExposure() == null ? 1e12 : pc.maxGlobalExposure(), limits);
            ChainMarketFeed feed = new ChainMarketFeed(client, new SnapshotReader(client, ChainMarketFeed.snapshotConfig(
                    book.contracts().getOrDefault("Multicall3", Multicall3.CANONICAL), pools, tokens, account)),
                    chain.chainId().value(), pools, tokens, account);
            Sandbox sandbox = sandbox(cfg, chain, signer, journal, resources, portfolio);
            SandboxOrderExecutor exec = new SandboxOrderExecutor(sandbox, client, chain.chainId(), account, label, book);
            info.put("policy", sandbox.engine().policy().source());
            info.put("approvals", sandbox.approvals().dir().toString());
            info.put("rpc", chain.rpcUrl());
            info.put("chainId", chain.chainId().value());
            info.put("executor", exec.describe());
            return new Components(feed, deciders, portfolio, account, label, exec,
                    opts.role() == DaemonOptions.Role.ALL
                    ? LlmWiring.generator(cfg, info, (int) deciders.stream().filter(d -> d.kind().equals("llm")).count())
                    : null, info, resources);
        } catch (Exception | Error e) {
            for (AutoCloseable r : resources) {
                r.close();
            }
            throw e;
        }
    }

    /**
     * The sandbox pipeline every order goes through: on-node simulation (debug_traceCall), the policy
     * with the chain's names resolved, Uniswap's own quotes as the independent price, the approval
     * queue beside the journal, and the daemon's journal itself (so recovery sees what was signed and the
     * policy's rolling caps carry over a restart).
     */
    private static Sandbox sandbox(DaemonConfig cfg, ChainSetup chain, Signer signer, EventJournal journal,
                                   List<AutoCloseable> resources, Book portfolio) {
        AddressBook book = chain.book();
        Map<String, Address> names = new HashMap<>(book.contracts());
        book.tokens().forEach((sym, t) -> names.put(sym, t.address()));
        book.pools().forEach((name, p) -> names.put(name, p.address()));
        Path policyFile = DaemonConfigLoader.resolve(cfg.policy());
        var policy = PolicyLoader.load(policyFile, names);
        Journal j;
        Path dir;
        if (journal instanceof ChronicleEventJournal cj) {
            j = cj.journal();
            dir = j.dir();
        } else {
            dir = Path.of(".consilium", "sandbox-" + ProcessHandle.current().pid());
            j = Journal.open(dir.resolve("journal"));
            resources.add(j);
        }
        ChainRpc rpc = new ChainRpc(chain.client());
        Mode mode = Mode.valueOf(cfg.mode().toUpperCase(java.util.Locale.ROOT));
        ForkSimulator fork = null;
        if (mode != Mode.LIVE) {
            // Paper/shadow trades from an account with no allowance run approve + swap as one bundle on a fork.
            fork = ForkSimulator.start(ForkSimulator.locateAnvil(Path.of(System.getProperty("consilium.home", "."))),
                    chain.rpcUrl(), rpc);
            resources.add(fork);
            log.info("sandbox: fork simulator up for {} mode (approve + swap bundles)", cfg.mode());
        }
        Sandbox sandbox = Sandbox.builder().rpc(rpc).simulator(new NodeSimulator(rpc)).bundles(fork)
                .policy(new PolicyEngine(policy, usdPrices(policy, portfolio), null))
                .journal(j).mode(mode).signer(signer)
                .quotes(new UniswapQuoteSource(rpc, book.contract("UniswapV2Router02"), book.contract("SwapRouter"),
                        book.contract("QuoterV2")))
                .approvals(new ApprovalQueue(dir.resolveSibling(dir.getFileName() + "-approvals")))
                .confirmTimeout(Duration.ofSeconds(90))
                .build();
        // a restart (or kill -9) must not hand out fresh rolling caps, rate limits or replay windows
        int restored = sandbox.restoreBudgets();
        if (restored > 0) {
            log.info("sandbox: {} spend reservations within the policy window restored from the journal", restored);
        }
        return sandbox;
    }

    /**
     * USD caps price each token at the higher of the policy's {@code usdPrice} and the last snapshot's pool price,
     * when the book's quote token is a dollar stablecoin: caps stay meaningful as the market rises, and a pool pushed
     * down cannot loosen them.
     */
    static PriceSource usdPrices(Policy policy, Book portfolio) {
        PriceSource configured = PriceSource.fromPolicy(policy);
        if (!USD_STABLES.contains(portfolio.quote())) {
            log.info("sandbox: USD caps use the policy's usdPrice only (the portfolio quote {} is not a dollar stablecoin)",
                    portfolio.quote());
            return configured;
        }
        return PriceSource.higherOf(configured, portfolio::priceOf);
    }

    private static final Set<String> USD_STABLES = Set.of("USDC", "USDT", "DAI");

    private static Token token(AddressBook book, String symbol, String file) {
        if (!book.tokens().containsKey(symbol)) {
            throw new AgentsUserError("daemon config: strategies[" + file + "].budget: unknown token '" + symbol
                    + "' (the chain has " + new TreeSet<>(book.tokens().keySet()) + ")");
        }
        return book.token(symbol);
    }

    /** DEV-ONLY set-up on the testbed: wrap enough ETH into WETH to cover the budgets. */
    private static void fundDevWallet(Testbed tb, Signer signer, AddressBook book, Map<String, BigInteger> need)
            throws InterruptedException {
        BigInteger wanted = need.getOrDefault("WETH", BigInteger.ZERO);
        Token weth = book.token("WETH");
        ChainClient c = tb.client();
        BigInteger have = (BigInteger) Abi.decode("(uint256)", c.call(null, weth.address(), BigInteger.ZERO,
                Abi.encodeCall("balanceOf(address)", signer.address()), ChainClient.LATEST)).getFirst();
        if (have.compareTo(wanted) >= 0) {
            return;
        }
        BigInteger amount = wanted.subtract(have);
        Fees fees = FeeEstimator.defaults(c).current();
        long nonce = c.nonce(signer.address(), "pending");
        var tx = new Eip1559Tx(tb.chainId(), nonce, fees.maxPriorityFeePerGas(), fees.maxFeePerGas(),
                BigInteger.valueOf(100_000), weth.address(), amount,
                Abi.encodeCall("deposit()"));
        String hash = c.sendRawTransaction(signer.sign(tx).raw());
        for (int i = 0; i < 300 && c.receipt(hash).isEmpty(); i++) {
            Thread.sleep(50);
        }
        log.info("testbed: wrapped {} ETH into WETH for the dev wallet (DEV-ONLY set-up)",
                new BigDecimal(amount, 18).stripTrailingZeros().toPlainString());
    }
}
