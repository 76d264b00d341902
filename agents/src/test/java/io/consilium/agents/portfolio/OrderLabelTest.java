package io.consilium.agents.portfolio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.consilium.agents.messages.MarketTick;
import io.consilium.agents.messages.Order;
import io.consilium.agents.messages.PoolState;
import io.consilium.agents.messages.Proposal;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.Token;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderLabelTest {
    static final Token USDC = new Token(Address.of("0x00000000000000000000000000000000000000a1"), "USDC", 6);
    static final Token WETH = new Token(Address.of("0x00000000000000000000000000000000000000a2"), "WETH", 18);
    static final Address ACCOUNT = Address.of("0x00000000000000000000000000000000000000b1");

    static MarketTick tick() {
        PoolState p = new PoolState("V2:WETH/USDC", "V2", Address.of("0x00000000000000000000000000000000000000c1"),
                WETH, USDC, 3000, new BigInteger("1000").multiply(BigInteger.TEN.pow(18)),
                new BigInteger("3000000").multiply(BigInteger.TEN.pow(6)), null, null, 0, 3000);
        return new MarketTick(MarketTick.VERSION, 31337, 10, "0xa", 120, List.of(USDC, WETH), List.of(p), ACCOUNT,
                Map.of(), 1);
    }

    static Proposal buy(BigInteger usdc) {
        return new Proposal(Proposal.VERSION, "p", "s", 10, Proposal.Action.SWAP, "V2:WETH/USDC", "USDC", "WETH", usdc,
                "why", "rule", 1);
    }

    @Test
    void theOrderShowsItsInputAndItsMinimumOutputEachInItsOwnToken() {
        MarketTick t = tick();
        Proposal p = buy(new BigInteger("500000000"));
        BigInteger minOut = Book.minOut(t.pool("V2:WETH/USDC"), "USDC", p.amountIn(), 100);
        Order o = new Order(Order.VERSION, "o", "s", 10, ACCOUNT, "V2:WETH/USDC", "USDC", "WETH", p.amountIn(), minOut,
                "why", 1);
        String label = OrderLabel.order(p, o, t);
        // 500 USDC at ~3000 buys ~0.166 WETH; 1% slippage allowed: at least 0.1644 WETH (rounded down).
        assertEquals("swap 500 USDC → ≥ 0.1644 WETH on V2:WETH/USDC", label);
        assertFalse(label.contains("→ 500"), "the input amount must never appear as the output");
    }

    @Test
    void aSizedDownOrderShowsWhatWasProposed() {
        MarketTick t = tick();
        Proposal p = buy(new BigInteger("800000000"));
        Order o = new Order(Order.VERSION, "o", "s", 10, ACCOUNT, "V2:WETH/USDC", "USDC", "WETH",
                new BigInteger("250500000"), new BigInteger("82000000000000000"), "why", 1);
        assertEquals("swap 250.5 USDC → ≥ 0.082 WETH on V2:WETH/USDC (sized down from 800 USDC)", OrderLabel.order(p, o, t));
        assertEquals("swap 800 USDC → WETH on V2:WETH/USDC", OrderLabel.proposal(p, t));
    }

    @Test
    void tinyAmountsKeepTheirSignificantDigitsAndUnknownTokensSayBaseUnits() {
        assertEquals("0.0001234 WETH", OrderLabel.amount(new BigInteger("123456789000000"), "WETH", tick()));
        assertEquals("42 FOO (base units)", OrderLabel.amount(BigInteger.valueOf(42), "FOO", tick()));
    }
}
