package io.consilium.agents.chain;

import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.SandboxVerdict;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.ChainClient;
import io.consilium.chain.rpc.RpcErrorException;
import io.consilium.chain.testbed.AddressBook;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A minimal, fail-closed gate used until the sandbox's full pipeline is wired in: targets must be the
 * address book's routers or the order's own token (approve), approvals exact, recipient our account
 * (by construction), a non-zero minimum out, and every step must simulate (eth_call at the latest
 * block) without reverting when it can be simulated alone. Any error → deny.
 */
public final class SimulationGate implements TxGate {
    private final ChainClient client;
    private final AddressBook book;
    private final Address account;
    private final Set<Address> routers;

    public SimulationGate(ChainClient client, AddressBook book, Address account) {
        this.client = client;
        this.book = book;
        this.account = account;
        this.routers = Set.of(book.contract("UniswapV2Router02"), book.contract("SwapRouter"));
    }

    @Override
    public String describe() {
        return "simulation gate (eth_call, allow-listed routers, exact approvals)";
    }

    @Override
    public Verdict check(Order o, List<Step> steps) {
        List<String> reasons = new ArrayList<>();
        boolean approveFirst = steps.stream().anyMatch(s -> s.kind() == Kind.APPROVE);
        try {
            if (o.minAmountOut().signum() <= 0) {
                return deny("min-out: the order has no minimum output");
            }
            for (Step s : steps) {
                if (s.kind() == Kind.APPROVE) {
                    if (!s.call().to().equals(book.token(o.tokenIn()).address())) {
                        return deny("approve-target: approval on a token other than the order's input");
                    }
                    List<Object> args = Abi.decodeCall("approve(address,uint256)", s.call().data()).args();
                    if (!routers.contains((Address) args.get(0)) || !args.get(1).equals(o.amountIn())) {
                        return deny("approve-exact: approvals only for the exact amount to an allow-listed router");
                    }
                    client.call(account, s.call().to(), BigInteger.ZERO, s.call().data(), ChainClient.LATEST);
                    reasons.add("approve-exact: " + o.amountIn() + " " + o.tokenIn() + " to the router (simulated ok)");
                } else {
                    if (!routers.contains(s.call().to())) {
                        return deny("allowed-contracts: " + s.call().to() + " is not an allow-listed router");
                    }
                    if (!approveFirst) {
                        client.call(account, s.call().to(), BigInteger.ZERO, s.call().data(), ChainClient.LATEST);
                        reasons.add("simulate: swap succeeds at the latest block with at least " + o.minAmountOut()
                                + " " + o.tokenOut() + " out");
                    } else {
                        reasons.add("simulate: swap checked after the approval is mined (the router re-checks min out)");
                    }
                }
            }
        } catch (RpcErrorException e) {
            return deny("simulate: reverted or failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return deny("simulate: error, failing closed: " + e.getMessage());
        }
        return new Verdict(SandboxVerdict.Decision.ALLOW, reasons, List.of(),
                Map.of(o.tokenIn(), o.amountIn().negate(), o.tokenOut(), o.minAmountOut()), null);
    }

    private static Verdict deny(String reason) {
        return new Verdict(SandboxVerdict.Decision.DENY, List.of(reason), List.of(), Map.of(), null);
    }
}
