package io.consilium.chain.dex;

/**
 * The simulated contract would have reverted (for example V3 "SPL" for a bad price limit or
 * V2 "INSUFFICIENT_LIQUIDITY"). The reason string matches the Solidity revert reason where one exists,
 * so a simulator result can be compared with what the chain would say.
 */
public final class DexRevert extends RuntimeException {
    private final String reason;

    public DexRevert(String reason) {
        super("reverted: " + reason, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
