package io.consilium.chain.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.rpc.FeeHistory;
import io.consilium.chain.rpc.RpcErrorException;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeesTest {
    private static BigInteger g(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void feesComeFromTheMedianTipAndTwiceTheNextBaseFee() {
        FeeHistory h = new FeeHistory(100, List.of(g(10), g(12), g(14), g(20)),
                List.of(List.of(g(3)), List.of(g(1)), List.of(g(2))), List.of(0.5, 0.9, 0.2));
        Fees f = FeeEstimator.fromHistory(h, BigInteger.ONE);
        assertEquals(g(2), f.maxPriorityFeePerGas());
        assertEquals(g(42), f.maxFeePerGas());
        assertEquals(g(5), FeeEstimator.fromHistory(h, g(5)).maxPriorityFeePerGas(), "tip floor");
    }

    @Test
    void replacementBumpsBothCapsByAtLeastTheGivenPercentRoundedUp() {
        Fees f = new Fees(g(100), g(1001));
        Fees b = f.bumped(10, new Fees(g(1), g(1)));
        assertEquals(g(110), b.maxPriorityFeePerGas());
        assertEquals(g(1102), b.maxFeePerGas(), "1001 * 1.1 = 1101.1, rounded up");
        Fees market = new Fees(g(500), g(5000));
        Fees m = f.bumped(10, market);
        assertEquals(g(500), m.maxPriorityFeePerGas(), "never below the market");
        assertEquals(g(5000), m.maxFeePerGas());
        Fees tiny = new Fees(BigInteger.ZERO, BigInteger.ONE).bumped(10, new Fees(BigInteger.ZERO, BigInteger.ZERO));
        assertTrue(tiny.maxFeePerGas().compareTo(BigInteger.ONE) > 0, "a bump always raises");
    }

    @Test
    void nodeRefusalsAreClassified() {
        assertEquals(TxRejectedException.Kind.NONCE_TOO_LOW, kind("nonce too low: next nonce 5, tx nonce 4"));
        assertEquals(TxRejectedException.Kind.REPLACEMENT_UNDERPRICED, kind("replacement transaction underpriced"));
        assertEquals(TxRejectedException.Kind.ALREADY_KNOWN, kind("already known"));
        assertEquals(TxRejectedException.Kind.INSUFFICIENT_FUNDS, kind("insufficient funds for gas * price + value"));
        assertEquals(TxRejectedException.Kind.FEE_TOO_LOW, kind("max fee per gas less than block base fee"));
        assertEquals(TxRejectedException.Kind.OTHER, kind("intrinsic gas too low"));
    }

    private static TxRejectedException.Kind kind(String msg) {
        return TxRejectedException.classify(new RpcErrorException("eth_sendRawTransaction", -32000, msg, null));
    }
}
