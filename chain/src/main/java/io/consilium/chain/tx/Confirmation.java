package io.consilium.chain.tx;

import io.consilium.chain.rpc.TxReceipt;

/**
 * A transaction that reached the wanted confirmations: which signed bytes made it (the original or a
 * fee-bumped replacement), its receipt, and what happened on the way.
 */
public record Confirmation(SignedTx tx, TxReceipt receipt, long confirmations, int rebroadcasts, int reorgs,
                           int replacements) {}
