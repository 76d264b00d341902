package io.consilium.agents.chain;

import io.consilium.chain.abi.Erc20Event;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import io.consilium.chain.rpc.LogEntry;
import io.consilium.chain.rpc.TxReceipt;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The account's token deltas from a receipt, counting only Transfer logs emitted by the tokens we trade. */
final class Receipts {
    private Receipts() {
    }

    static Map<String, BigInteger> deltas(TxReceipt r, Address account, List<Token> tokens) {
        Map<String, BigInteger> out = new HashMap<>();
        for (LogEntry log : r.logs()) {
            Token token = tokens.stream().filter(t -> t.address().equals(log.address())).findFirst().orElse(null);
            if (token == null) {
                continue;
            }
            Erc20Event.decode(log.address(), log.topics(), log.data()).ifPresent(e -> {
                if (e.kind() != Erc20Event.Kind.TRANSFER) {
                    return;
                }
                if (e.from().equals(account)) {
                    out.merge(token.symbol(), e.value().negate(), BigInteger::add);
                }
                if (e.to().equals(account)) {
                    out.merge(token.symbol(), e.value(), BigInteger::add);
                }
            });
        }
        out.values().removeIf(v -> v.signum() == 0);
        return out;
    }

    static BigInteger gasCost(TxReceipt r) {
        BigInteger price = r.effectiveGasPrice() == null ? BigInteger.ZERO : r.effectiveGasPrice();
        return r.gasUsed().multiply(price);
    }
}
