package io.consilium.agents.bus;

/**
 * The switchboard: every event-bus address the agents use, in one place. Addresses are plain strings
 * so they cross a cluster unchanged; the {@code llm.*} addresses are served by the llm role.
 */
public final class Addresses {
    private Addresses() {
    }

    /** MarketDataAgent publishes one {@code MarketTick} per block. */
    public static final String MARKET_SNAPSHOT = "market.snapshot";
    /** MarketDataAgent publishes a {@code ReorgEvent} when the chain reorganises under it. */
    public static final String MARKET_REORG = "market.reorg";
    /** StrategyAgents send {@code Proposal}s (holds included, with their reasons) to the PortfolioAgent. */
    public static final String PORTFOLIO_PROPOSAL = "portfolio.proposal";
    /** PortfolioAgent publishes a {@code Decision} for every proposal (order, hold, rejected, netted). */
    public static final String PORTFOLIO_DECISION = "portfolio.decision";
    /** PortfolioAgent publishes a {@code PortfolioReport} after every block. */
    public static final String PORTFOLIO_REPORT = "portfolio.report";
    /** PortfolioAgent sends sized {@code Order}s to the ExecutorAgent (point to point). */
    public static final String EXECUTOR_ORDER = "executor.order";
    /** ExecutorAgent publishes every {@code SandboxVerdict}. */
    public static final String EXECUTOR_VERDICT = "executor.verdict";
    /** ExecutorAgent publishes every {@code ExecutionResult} (fills, denials, failures, drops). */
    public static final String EXECUTOR_RESULT = "executor.result";
    /** Rule strategies publish their stop-rule {@code RiskState} whenever it changes (journaled; replayed at restart). */
    public static final String STRATEGY_RISK = "strategy.risk";
    /** Agents publish their {@code AgentStatus} here; the daemon aggregates it. */
    public static final String STATUS = "agents.status";
    /** Request/reply: a {@code PortfolioView} of one strategy (strategies ask before deciding). */
    public static final String PORTFOLIO_VIEW = "portfolio.view";
    /** Request/reply: an {@code ApprovalAction} from the dashboard to the sandbox's approval queue. */
    public static final String APPROVAL_ACTION = "sandbox.approval";
    /** Request/reply: {@code LlmRequest} → {@code LlmResponse}, served by the llm role. */
    public static final String LLM_GENERATE = "llm.generate";
    /** Request/reply: liveness of the llm role (empty body → {@code LlmResponse} with model name). */
    public static final String LLM_PING = "llm.ping";
}
