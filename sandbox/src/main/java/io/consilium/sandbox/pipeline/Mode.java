package io.consilium.sandbox.pipeline;

/** paper: book the simulated outcome, never sign; shadow: record what would have happened; live: sign and send. */
public enum Mode { PAPER, SHADOW, LIVE }
