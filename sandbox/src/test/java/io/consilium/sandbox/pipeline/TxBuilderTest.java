package io.consilium.sandbox.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.sandbox.TxRequest;
import io.consilium.sandbox.sim.JsonRpc;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Open fields are filled by the chain module's fee rule from eth_feeHistory, not by a fixed tip. */
class TxBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Address FROM = Address.of("0x00000000000000000000000000000000000000aa");
    private static final Address TO = Address.of("0x00000000000000000000000000000000000000bb");

    /** Three blocks tipping 3, 30 and 7 gwei (median 7), next base fee 20 gwei; nonce 5; estimate 100,000 gas. */
    private final List<String> calls = new ArrayList<>();
    private final JsonRpc node = (method, params) -> {
        calls.add(method);
        String json = switch (method) {
            case "eth_feeHistory" -> """
                    {"oldestBlock":"0x10","baseFeePerGas":["0x3b9aca00","0x3b9aca00","0x3b9aca00","0x4a817c800"],
                     "reward":[["0xb2d05e00"],["0x6fc23ac00"],["0x1a13b8600"]],"gasUsedRatio":[0.5,0.5,0.5]}""";
            case "eth_getTransactionCount" -> "\"0x5\"";
            case "eth_estimateGas" -> "\"0x186a0\"";
            default -> throw new AssertionError("unexpected call " + method);
        };
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    };

    private static BigInteger gwei(long g) {
        return BigInteger.valueOf(g).multiply(BigInteger.TEN.pow(9));
    }

    @Test
    void openFeesFollowTheMedianTipAndTheNextBaseFee() {
        Eip1559Tx tx = TxBuilder.build(node, TxRequest.of(ChainId.ANVIL, FROM, TO, BigInteger.ZERO, new byte[0]), null);
        assertEquals(gwei(7), tx.maxPriorityFeePerGas());
        assertEquals(gwei(2 * 20 + 7), tx.maxFeePerGas());
        assertEquals(5, tx.nonce());
        assertEquals(BigInteger.valueOf(125_000), tx.gasLimit());
        assertEquals(List.of("eth_getTransactionCount", "eth_feeHistory", "eth_estimateGas"), calls);
    }

    @Test
    void givenFieldsAreKeptAndNotFetched() {
        TxRequest r = new TxRequest("t1", ChainId.ANVIL, FROM, TO, BigInteger.ZERO, new byte[0],
                BigInteger.valueOf(21_000), gwei(50), gwei(2), 9L);
        Eip1559Tx tx = TxBuilder.build(node, r, null);
        assertEquals(gwei(2), tx.maxPriorityFeePerGas());
        assertEquals(gwei(50), tx.maxFeePerGas());
        assertEquals(9, tx.nonce());
        assertEquals(List.of(), calls);
    }

    @Test
    void aGivenTipKeepsItsOwnValueUnderTheComputedCap() {
        TxRequest r = new TxRequest("t2", ChainId.ANVIL, FROM, TO, BigInteger.ZERO, new byte[0],
                BigInteger.valueOf(21_000), null, gwei(1), 9L);
        Eip1559Tx tx = TxBuilder.build(node, r, null);
        assertEquals(gwei(1), tx.maxPriorityFeePerGas());
        assertEquals(gwei(41), tx.maxFeePerGas());
    }
}
