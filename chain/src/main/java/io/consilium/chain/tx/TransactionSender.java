package io.consilium.chain.tx;

import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.RpcErrorException;
import io.consilium.chain.wallet.Signer;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fill → sign → send → track: estimates gas (plus a margin) before taking a nonce, so a reverting call
 * burns none; takes fees from eth_feeHistory; builds an EIP-155 {@link Eip1559Tx} on the node's chain id;
 * has the {@link Signer} sign it; broadcasts; recovers from "nonce too low" and "replacement underpriced"
 * by resyncing the nonce and signing again; replaces a stuck transaction with a fee bump.
 */
public final class TransactionSender {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);
    private static final int MAX_ATTEMPTS = 5;

    /** A broadcast transaction: exactly what was signed and the signed bytes. */
    public record Sent(Eip1559Tx tx, SignedTx signed) {}

    private final ChainClient client;
    private final NonceManager nonces;
    private final FeeEstimator fees;
    private final ReceiptTracker tracker;
    private int gasMarginPercent = 20;
    private int bumpPercent = 15;
    private Duration stuckAfter = Duration.ofMinutes(3);

    public TransactionSender(ChainClient client, NonceManager nonces, FeeEstimator fees, ReceiptTracker tracker) {
        this.client = client;
        this.nonces = nonces;
        this.fees = fees;
        this.tracker = tracker;
    }

    /** In-memory nonces, default fees, 250 ms receipt polling. */
    public static TransactionSender simple(ChainClient client) {
        return new TransactionSender(client, new NonceManager(client, null), FeeEstimator.defaults(client),
                new ReceiptTracker(client, Duration.ofMillis(250)));
    }

    public TransactionSender gasMarginPercent(int p) {
        gasMarginPercent = p;
        return this;
    }

    public TransactionSender bumpPercent(int p) {
        if (p < 10) {
            throw new IllegalArgumentException("nodes refuse replacements below +10%");
        }
        bumpPercent = p;
        return this;
    }

    public TransactionSender stuckAfter(Duration d) {
        stuckAfter = d;
        return this;
    }

    public NonceManager nonces() {
        return nonces;
    }

    /** Builds, signs and broadcasts; returns once the node has accepted the transaction. */
    public Sent send(Signer signer, TxRequest req) {
        Address from = signer.address();
        BigInteger gas = req.gasLimit() != null ? req.gasLimit() : withMargin(client.estimateGas(from, req.to(), req.value(), req.data()));
        RpcErrorException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Fees f = fees.current();
            long nonce = nonces.next(from);
            Eip1559Tx tx = new Eip1559Tx(client.chainId(), nonce, f.maxPriorityFeePerGas(), f.maxFeePerGas(), gas,
                    req.to(), req.value(), req.data());
            SignedTx signed;
            try {
                signed = signer.sign(tx);
            } catch (RuntimeException e) {
                nonces.release(from, nonce);
                throw e;
            }
            try {
                client.sendRawTransaction(signed.raw());
                return new Sent(tx, signed);
            } catch (RpcErrorException e) {
                last = e;
                TxRejectedException.Kind kind = TxRejectedException.classify(e);
                switch (kind) {
                    case ALREADY_KNOWN -> {
                        return new Sent(tx, signed);
                    }
                    case NONCE_TOO_LOW, REPLACEMENT_UNDERPRICED -> {
                        LOG.info("{} nonce {}: {}; resyncing and signing again", from, nonce, e.rpcMessage());
                        nonces.resync(from);
                    }
                    case INSUFFICIENT_FUNDS -> {
                        nonces.release(from, nonce);
                        throw new ChainUserError("account " + from + " cannot pay for this transaction (" + e.rpcMessage()
                                + "): fund it or lower the value");
                    }
                    default -> {
                        nonces.release(from, nonce);
                        throw new TxRejectedException(kind, "node refused the transaction: " + e.rpcMessage(), e);
                    }
                }
            }
        }
        throw new TxRejectedException(TxRejectedException.classify(last), "gave up after " + MAX_ATTEMPTS
                + " attempts: " + last.rpcMessage(), last);
    }

    /** Sends and waits for {@code confirmations}, replacing the transaction with a fee bump if it is stuck. */
    public Confirmation sendAndConfirm(Signer signer, TxRequest req, int confirmations, Duration timeout) {
        Sent sent = send(signer, req);
        Eip1559Tx[] current = {sent.tx()};
        return tracker.await(sent.signed(), confirmations, timeout, stuckAfter, latest -> {
            Sent r = replace(signer, current[0]);
            current[0] = r.tx();
            return Optional.of(r.signed());
        });
    }

    /** The same transaction (same nonce) with both fee caps raised, broadcast. */
    public Sent replace(Signer signer, Eip1559Tx stuck) {
        Fees bumped = new Fees(stuck.maxPriorityFeePerGas(), stuck.maxFeePerGas()).bumped(bumpPercent, fees.current());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Eip1559Tx tx = new Eip1559Tx(stuck.chainId(), stuck.nonce(), bumped.maxPriorityFeePerGas(), bumped.maxFeePerGas(),
                    stuck.gasLimit(), stuck.to(), stuck.value(), stuck.data());
            SignedTx signed = signer.sign(tx);
            try {
                client.sendRawTransaction(signed.raw());
                LOG.info("replaced nonce {} of {} with fees {}", stuck.nonce(), signer.address(), bumped);
                return new Sent(tx, signed);
            } catch (RpcErrorException e) {
                if (TxRejectedException.classify(e) != TxRejectedException.Kind.REPLACEMENT_UNDERPRICED) {
                    throw new TxRejectedException(TxRejectedException.classify(e), "replacement refused: " + e.rpcMessage(), e);
                }
                bumped = bumped.bumped(bumpPercent, bumped);
            }
        }
        throw new TxRejectedException(TxRejectedException.Kind.REPLACEMENT_UNDERPRICED,
                "replacement for nonce " + stuck.nonce() + " still underpriced after " + MAX_ATTEMPTS + " bumps", null);
    }

    private BigInteger withMargin(BigInteger estimate) {
        return estimate.multiply(BigInteger.valueOf(100L + gasMarginPercent)).add(BigInteger.valueOf(99)).divide(BigInteger.valueOf(100));
    }
}
