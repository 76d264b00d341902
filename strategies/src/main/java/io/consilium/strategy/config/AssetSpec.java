package io.consilium.strategy.config;

/** A token: its decimals and, optionally, its on-chain address (used when the YAML runs live). */
public record AssetSpec(
        @Required @Range(min = 0, max = 36) @Doc("Token decimals, e.g. 18 for WETH, 6 for USDC.") Integer decimals,
        @Doc("ERC-20 address (0x + 40 hex digits), optional for backtests.") String address) {
}
