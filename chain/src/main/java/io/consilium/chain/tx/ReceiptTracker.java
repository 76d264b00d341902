package io.consilium.chain.tx;

import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.RpcErrorException;
import io.consilium.chain.rpc.TxReceipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one nonce's transaction until it has N confirmations on the canonical chain. If the node
 * forgets it (dropped from the pool, or a reorg removed its block) the SAME signed bytes are broadcast
 * again; if it waits too long it asks for a fee-bumped replacement and then watches both.
 */
public final class ReceiptTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptTracker.class);

    /** Supplies a replacement (same nonce, higher fees) for a stuck transaction, already broadcast. */
    public interface StuckHandler {
        Optional<SignedTx> replace(SignedTx latest);
    }

    private final ChainClient client;
    private final Duration poll;

    public ReceiptTracker(ChainClient client, Duration poll) {
        this.client = client;
        this.poll = poll;
    }

    public Confirmation await(SignedTx tx, int confirmations, Duration timeout) {
        return await(tx, confirmations, timeout, null, null);
    }

    public Confirmation await(SignedTx tx, int confirmations, Duration timeout, Duration stuckAfter, StuckHandler onStuck) {
        List<SignedTx> candidates = new ArrayList<>(List.of(tx));
        long deadline = System.nanoTime() + timeout.toNanos();
        long placedAt = System.nanoTime();
        int rebroadcasts = 0;
        int reorgs = 0;
        boolean sawMined = false;
        while (true) {
            Mined m = findMined(candidates);
            if (m != null) {
                sawMined = true;
                long head = client.blockNumber();
                String canonical = client.header(m.receipt.blockNumber()).map(h -> h.hash()).orElse(null);
                if (!m.receipt.blockHash().equals(canonical)) {
                    reorgs++;
                    LOG.info("{} was mined in block {} which is no longer canonical", m.tx.hash(), m.receipt.blockNumber());
                } else {
                    long confs = head - m.receipt.blockNumber() + 1;
                    if (confs >= confirmations) {
                        return new Confirmation(m.tx, m.receipt, confs, rebroadcasts, reorgs, candidates.size() - 1);
                    }
                }
            } else {
                if (sawMined) {
                    reorgs++;
                    sawMined = false;
                    LOG.info("{}: receipt vanished (reorg)", candidates.getLast().hash());
                }
                if (candidates.stream().noneMatch(c -> client.knowsTransaction(c.hash()))) {
                    rebroadcasts++;
                    rebroadcast(candidates);
                } else if (onStuck != null && stuckAfter != null && System.nanoTime() - placedAt > stuckAfter.toNanos()) {
                    Optional<SignedTx> r = onStuck.replace(candidates.getLast());
                    r.ifPresent(candidates::add);
                    placedAt = System.nanoTime();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transaction " + candidates.getLast().hash() + " not confirmed ("
                        + confirmations + " confirmations) within " + timeout);
            }
            sleep();
        }
    }

    private record Mined(SignedTx tx, TxReceipt receipt) {}

    private Mined findMined(List<SignedTx> candidates) {
        for (SignedTx c : candidates) {
            Optional<TxReceipt> r = client.receipt(c.hash());
            if (r.isPresent()) {
                return new Mined(c, r.get());
            }
        }
        return null;
    }

    /** The node forgot every candidate: send the same bytes again, newest first. */
    private void rebroadcast(List<SignedTx> candidates) {
        for (SignedTx c : candidates.reversed()) {
            try {
                client.sendRawTransaction(c.raw());
                LOG.info("rebroadcast {}", c.hash());
                return;
            } catch (RpcErrorException e) {
                TxRejectedException.Kind k = TxRejectedException.classify(e);
                if (k == TxRejectedException.Kind.ALREADY_KNOWN) {
                    return;
                }
                if (k == TxRejectedException.Kind.NONCE_TOO_LOW && findMined(candidates) == null) {
                    throw new TxRejectedException(k, "nonce of " + c.hash()
                            + " was used by a different transaction; this one can never be mined", e);
                }
                LOG.info("rebroadcast of {} refused: {}", c.hash(), e.rpcMessage());
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(poll);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a receipt", e);
        }
    }
}
