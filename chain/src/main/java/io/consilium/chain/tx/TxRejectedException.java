package io.consilium.chain.tx;

import io.consilium.chain.rpc.RpcErrorException;
import java.util.Locale;

/** The node refused a raw transaction; {@link #kind()} says why in the terms the sender reacts to. */
public final class TxRejectedException extends RuntimeException {
    public enum Kind { NONCE_TOO_LOW, REPLACEMENT_UNDERPRICED, ALREADY_KNOWN, INSUFFICIENT_FUNDS, FEE_TOO_LOW, OTHER }

    private final Kind kind;

    public TxRejectedException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Maps the error texts geth, anvil, Nethermind and Erigon use. */
    public static Kind classify(RpcErrorException e) {
        String m = e.rpcMessage().toLowerCase(Locale.ROOT);
        if (m.contains("nonce too low") || m.contains("nonce is too low") || m.contains("oldnonce")) {
            return Kind.NONCE_TOO_LOW;
        }
        if (m.contains("replacement") && m.contains("underpriced")) {
            return Kind.REPLACEMENT_UNDERPRICED;
        }
        if (m.contains("already known") || m.contains("already imported") || m.contains("known transaction")) {
            return Kind.ALREADY_KNOWN;
        }
        if (m.contains("insufficient funds")) {
            return Kind.INSUFFICIENT_FUNDS;
        }
        if (m.contains("max fee per gas less than block base fee") || m.contains("fee cap") || m.contains("underpriced")) {
            return Kind.FEE_TOO_LOW;
        }
        return Kind.OTHER;
    }
}
