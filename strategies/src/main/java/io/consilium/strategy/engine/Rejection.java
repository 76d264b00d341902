package io.consilium.strategy.engine;

/** An order the engine refused before sending it (slippage, gas cap, no funds, risk limit). */
public record Rejection(long time, String pool, String what, String reason) {
}
