package io.consilium.strategy.config;

/**
 * A {@code type: llm} strategy file, checked with the keys and limits the agents daemon reads it with
 * (its StrategyLoader). It only runs in the daemon, where the model is: this module validates it and
 * describes it in the schema, but cannot backtest it.
 */
@Doc("An LLM strategy: the daemon's local model picks buy/sell/hold and a fraction; sizes and the pool come from here.")
public record LlmStrategySpec(
        @Required @Doc("Name of the strategy (the daemon's agent is strategy:<name>).") String name,
        @Required @Doc("Strategy type.") String type,
        @Doc("Free text.") String description,
        @Required @Doc("The watched chain pool it trades, as the daemon names it, e.g. \"V2:WETH/USDC\" or \"V3:WETH/USDC:500\".") String pool,
        @Required @Doc("Token symbol of the traded asset on the chain (e.g. WETH).") String base,
        @Required @Doc("Token symbol the strategy pays with (e.g. USDC).") String quote,
        @Required @Doc("Most quote one buy may spend, in human units (a decimal, e.g. \"500\").") DecimalAmount maxBuy,
        @Required @Doc("Most base one sell may sell, in human units (a decimal, e.g. \"0.15\").") DecimalAmount maxSell,
        @Required @Range(min = 8, max = 4096) @Doc("Most tokens the model may generate per decision.") Integer maxTokens,
        @Range(min = 0) @Doc("Sampling temperature (default 0.7).") Double temperature,
        @Required @Range(min = 100, max = 600_000) @Doc("A decision that takes longer is a hold (milliseconds).") Long timeoutMillis,
        @Doc("Prompt template; must contain {{data}} (the quoted market data) and may contain {{schema}}.") String prompt) {

    public static final String TYPE = "llm";

    /** What {@code strategy validate} prints after "ok". */
    public String summary() {
        return TYPE + " '" + name + "', pool " + pool + ", runs in the daemon";
    }
}
