package io.consilium.agents.chain;

import io.consilium.agents.executor.OrderExecutor;
import io.consilium.agents.messages.ExecutionResult;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.BlockHeader;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.TxReceipt;
import io.consilium.chain.testbed.AddressBook;
import io.consilium.chain.testbed.PoolInfo;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import io.consilium.chain.wallet.Signer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes swap orders on a chain: exact approval when the allowance is short, then the swap;
 * each transaction built (nonce, EIP-1559 fees, estimated gas + margin), checked by the
 * {@link TxGate} (simulate + policy; deny = nothing signed), signed, journaled as SENT with its hash
 * and nonce BEFORE broadcast, sent once, and followed to its receipt. Paper and shadow modes stop
 * after the gate and book the simulated outcome.
 */
public final class ChainOrderExecutor implements OrderExecutor {
    private static final Logger log = LoggerFactory.getLogger(ChainOrderExecutor.class);
    private static final BigInteger PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
    private static final long RECEIPT_TIMEOUT_MS = 90_000;

    private final ChainClient client;
    private final ChainId chainId;
    private final Signer signer;
    private final String signerLabel;
    private final AddressBook book;
    private final SwapCalls calls;
    private final TxGate gate;
    private final String mode;
    private final List<Token> tokens;
    private volatile boolean closing;

    public ChainOrderExecutor(ChainClient client, ChainId chainId, Signer signer, String signerLabel, AddressBook book,
                              TxGate gate, String mode) {
        this.client = client;
        this.chainId = chainId;
        this.signer = signer;
        this.signerLabel = signerLabel;
        this.book = book;
        this.calls = new SwapCalls(book);
        this.gate = gate;
        this.mode = mode;
        this.tokens = List.copyOf(book.tokens().values());
    }

    @Override
    public String describe() {
        return mode + " via " + gate.describe() + ", signer " + signerLabel;
    }

    @Override
    public void execute(Order o, Listener l) throws Exception {
        Address account = signer.address();
        if (!account.equals(o.account())) {
            throw new IllegalStateException("order for " + o.account() + " but the signer is " + account);
        }
        PoolInfo pool = book.pool(o.pool());
        Token in = book.token(o.tokenIn());
        Address router = calls.router(pool);
        BlockHeader head = client.header(ChainClient.LATEST).orElseThrow();
        long deadline = head.timestamp() + 600;
        List<TxGate.Step> steps = new ArrayList<>();
        BigInteger allowance = (BigInteger) Abi.decode("(uint256)", client.call(null, in.address(), BigInteger.ZERO,
                Abi.encodeCall("allowance(address,address)", account, router), ChainClient.LATEST)).getFirst();
        if (allowance.compareTo(o.amountIn()) < 0) {
            steps.add(new TxGate.Step(calls.approve(in, router, o.amountIn()), TxGate.Kind.APPROVE));
        }
        steps.add(new TxGate.Step(calls.swap(o, deadline), TxGate.Kind.SWAP));

        TxGate.Verdict v = gate.check(o, steps);
        l.verdict(new SandboxVerdict(SandboxVerdict.VERSION, o.id(), o.strategy(), v.decision(), v.reasons(),
                v.assetChanges(), v.approvalId(), o.tickObservedAtNanos(), System.nanoTime()));
        if (v.decision() == SandboxVerdict.Decision.DENY) {
            l.result(result(o, ExecutionResult.Status.DENIED, null, -1, Map.of(), BigInteger.ZERO,
                    "sandbox denied: " + String.join("; ", v.reasons())));
            return;
        }
        if (v.decision() == SandboxVerdict.Decision.PENDING) {
            v = gate.awaitApproval(v);
            if (v.decision() != SandboxVerdict.Decision.ALLOW) {
                l.result(result(o, ExecutionResult.Status.DENIED, null, -1, Map.of(), BigInteger.ZERO,
                        "approval rejected or timed out"));
                return;
            }
        }
        if (!mode.equals("live")) {
            l.result(result(o, ExecutionResult.Status.SIMULATED, null, -1, v.simulatedDeltas(), BigInteger.ZERO,
                    mode + ": booked from the simulation, nothing signed"));
            return;
        }
        BigInteger gasSpent = BigInteger.ZERO;
        for (TxGate.Step s : steps) {
            if (closing && s.kind() == TxGate.Kind.APPROVE) {
                l.result(result(o, ExecutionResult.Status.FAILED, null, -1, Map.of(), gasSpent, "abandoned at shutdown"));
                return;
            }
            Built built = sign(s.call(), account, head);
            SignedTx signed = built.signed();
            long nonce = built.nonce();
            if (s.kind() == TxGate.Kind.SWAP) {
                // Journaled before broadcast: after a crash, recovery finds this hash and never sends again.
                l.result(result(o, ExecutionResult.Status.SENT, signed.hash(), nonce, Map.of(), gasSpent, s.call().label()));
            }
            client.sendRawTransaction(signed.raw());
            TxReceipt r = waitReceipt(signed.hash());
            gasSpent = gasSpent.add(Receipts.gasCost(r));
            if (!r.success()) {
                l.result(result(o, ExecutionResult.Status.REVERTED, signed.hash(), nonce, Map.of(), gasSpent,
                        s.call().label() + " reverted in block " + r.blockNumber()));
                return;
            }
            if (s.kind() == TxGate.Kind.SWAP) {
                l.result(new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), ExecutionResult.Status.FILLED,
                        signed.hash(), nonce, r.blockNumber(), Receipts.deltas(r, account, tokens), gasSpent,
                        s.call().label()));
            }
        }
    }

    private record Built(SignedTx signed, long nonce) {
    }

    private Built sign(SwapCalls.Call call, Address account, BlockHeader head) {
        long nonce = client.nonce(account, "pending");
        BigInteger base = head.baseFeePerGas() == null ? BigInteger.ZERO : head.baseFeePerGas();
        BigInteger maxFee = base.multiply(BigInteger.TWO).add(PRIORITY_FEE);
        BigInteger gas = client.estimateGas(account, call.to(), BigInteger.ZERO, call.data());
        gas = gas.multiply(BigInteger.valueOf(13)).divide(BigInteger.TEN);
        Eip1559Tx tx = new Eip1559Tx(chainId, nonce, PRIORITY_FEE, maxFee, gas, call.to(), BigInteger.ZERO, call.data());
        return new Built(signer.sign(tx), nonce);
    }

    private TxReceipt waitReceipt(String hash) throws InterruptedException {
        long until = System.currentTimeMillis() + RECEIPT_TIMEOUT_MS;
        while (System.currentTimeMillis() < until) {
            try {
                Optional<TxReceipt> r = client.receipt(hash);
                if (r.isPresent()) {
                    return r.get();
                }
            } catch (RuntimeException e) {
                log.debug("receipt {}: {}", hash, e.toString());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no receipt for " + hash + " after " + RECEIPT_TIMEOUT_MS / 1000 + " s");
    }

    @Override
    public List<ExecutionResult> reconcile(List<ExecutionResult> sent) throws Exception {
        List<ExecutionResult> out = new ArrayList<>();
        Address account = signer.address();
        for (ExecutionResult s : sent) {
            Optional<TxReceipt> r = client.receipt(s.txHash());
            if (r.isEmpty() && client.knowsTransaction(s.txHash())) {
                r = Optional.of(waitReceipt(s.txHash()));
            }
            if (r.isPresent()) {
                TxReceipt rc = r.get();
                out.add(new ExecutionResult(ExecutionResult.VERSION, s.orderId(), s.strategy(),
                        rc.success() ? ExecutionResult.Status.FILLED : ExecutionResult.Status.REVERTED, s.txHash(),
                        s.nonce(), rc.blockNumber(), rc.success() ? Receipts.deltas(rc, account, tokens) : Map.of(),
                        s.gasCostWei().add(Receipts.gasCost(rc)), "reconciled after restart from the receipt"));
            } else {
                long chainNonce = client.nonce(account, "latest");
                out.add(result(s.orderId(), s.strategy(), ExecutionResult.Status.FAILED, s.txHash(), s.nonce(),
                        s.block(), s.gasCostWei(), chainNonce > s.nonce()
                                ? "nonce " + s.nonce() + " was used by another transaction; this one was never mined"
                                : "never reached the node (the daemon died before broadcast); not re-sent"));
            }
        }
        return out;
    }

    private static ExecutionResult result(Order o, ExecutionResult.Status st, String hash, long nonce,
                                          Map<String, BigInteger> deltas, BigInteger gas, String reason) {
        return new ExecutionResult(ExecutionResult.VERSION, o.id(), o.strategy(), st, hash, nonce, o.block(), deltas,
                gas, reason);
    }

    private static ExecutionResult result(String id, String strategy, ExecutionResult.Status st, String hash, long nonce,
                                          long block, BigInteger gas, String reason) {
        return new ExecutionResult(ExecutionResult.VERSION, id, strategy, st, hash, nonce, block, Map.of(), gas, reason);
    }

    @Override
    public boolean decideApproval(String approvalId, boolean approve, String by) {
        return gate.decideApproval(approvalId, approve, by);
    }

    @Override
    public List<PendingApproval> pendingApprovals() {
        return gate.pendingApprovals();
    }

    @Override
    public void close() {
        closing = true;
    }
}
