package io.consilium.agents.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.TxReceipt;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Settles a transaction that was sent but has no receipt yet, by its hash and its nonce: mined → filled
 * or reverted from the receipt; its nonce taken by another transaction (replaced, or dropped and the
 * nonce reused) → failed; otherwise it may still be mined, so it stays open. Nothing here ever sends.
 */
public final class SentTxCheck {
    /** How a SENT result of an order's approval step begins: once mined it ends the order, it is not a fill. */
    public static final String APPROVAL_ONLY = "approval sent, swap not sent";

    /** Still open: whether the node has it in its pool, and its nonce (-1 when unknown). */
    public record Open(boolean nodeHasIt, long nonce) {
    }

    private final ChainClient client;
    private final Address account;
    private final List<Token> tokens;

    public SentTxCheck(ChainClient client, Address account, List<Token> tokens) {
        this.client = client;
        this.account = account;
        this.tokens = List.copyOf(tokens);
    }

    /** The final result, or empty while the transaction may still be mined ({@link #open} says why). */
    public Optional<ExecutionResult> check(ExecutionResult sent, String how) {
        Optional<TxReceipt> r = client.receipt(sent.txHash());
        if (r.isPresent()) {
            return Optional.of(settled(sent, r.get(), how));
        }
        Open o = open(sent);
        if (o.nodeHasIt()) {
            return Optional.empty();
        }
        if (o.nonce() >= 0 && client.nonce(account, "latest") > o.nonce()) {
            // Mined between the two reads? Then the receipt is there now; otherwise the nonce went elsewhere.
            r = client.receipt(sent.txHash());
            if (r.isPresent()) {
                return Optional.of(settled(sent, r.get(), how));
            }
            return Optional.of(new ExecutionResult(ExecutionResult.VERSION, sent.orderId(), sent.strategy(),
                    ExecutionResult.Status.FAILED, sent.txHash(), o.nonce(), sent.block(), Map.of(), sent.gasCostWei(),
                    "nonce " + o.nonce() + " was used by another transaction (replaced or dropped); " + sent.txHash()
                            + " was never mined and is not re-sent"));
        }
        return Optional.empty();
    }

    /** The transaction as the node sees it now. */
    public Open open(ExecutionResult sent) {
        JsonNode tx = client.rpc("eth_getTransactionByHash", sent.txHash());
        boolean known = tx != null && !tx.isNull();
        long nonce = sent.nonce();
        if (nonce < 0 && known && tx.hasNonNull("nonce")) {
            nonce = Long.decode(tx.get("nonce").asText());
        }
        return new Open(known, nonce);
    }

    private ExecutionResult settled(ExecutionResult s, TxReceipt rc, String how) {
        if (rc.success() && s.reason() != null && s.reason().startsWith(APPROVAL_ONLY)) {
            return new ExecutionResult(ExecutionResult.VERSION, s.orderId(), s.strategy(), ExecutionResult.Status.FAILED,
                    s.txHash(), s.nonce(), rc.blockNumber(), Map.of(), s.gasCostWei().add(Receipts.gasCost(rc)),
                    "the approval was mined in block " + rc.blockNumber() + " but its swap was never sent; the order ends");
        }
        return new ExecutionResult(ExecutionResult.VERSION, s.orderId(), s.strategy(),
                rc.success() ? ExecutionResult.Status.FILLED : ExecutionResult.Status.REVERTED, s.txHash(), s.nonce(),
                rc.blockNumber(), rc.success() ? Receipts.deltas(rc, account, tokens) : Map.of(),
                s.gasCostWei().add(Receipts.gasCost(rc)), how);
    }
}
