package io.consilium.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.chain.domain.Address;
import io.consilium.chain.rpc.Calldata.Tuple;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class CalldataTest {
    private static final Address A = Address.of("0x00000000000000000000000000000000000000aa");
    private static final Address B = Address.of("0x00000000000000000000000000000000000000bb");

    @Test
    void selectorsMatchKnownValues() {
        assertEquals("0xa9059cbb", Hex.data(Calldata.selector("transfer(address,uint256)")));
        assertEquals("0x82ad56cb", Hex.data(Calldata.selector("aggregate3((address,bool,bytes)[])")));
    }

    @Test
    void encodesStaticArgumentsInline() {
        byte[] data = Calldata.call("transfer(address,uint256)", A, BigInteger.TEN);
        assertEquals(4 + 64, data.length);
        ReturnData r = new ReturnData(java.util.Arrays.copyOfRange(data, 4, data.length));
        assertEquals(A, r.address(0));
        assertEquals(BigInteger.TEN, r.uint(1));
    }

    @Test
    void negativeIntegersAreTwosComplement() {
        byte[] data = Calldata.args(BigInteger.valueOf(-887220));
        assertEquals(BigInteger.valueOf(-887220), new ReturnData(data).sint(0));
        assertEquals("0x" + "ff".repeat(29) + "f2764c", Hex.data(data));
    }

    @Test
    void encodesDynamicArrayOfDynamicTuples() {
        // aggregate3([(A, true, 0x01), (B, false, 0x)]) laid out per the ABI spec
        byte[] args = Calldata.args(List.of(Tuple.of(A, true, new byte[] {1}), Tuple.of(B, false, new byte[0])));
        ReturnData r = new ReturnData(args);
        ReturnData arr = r.at(0);
        assertEquals(BigInteger.TWO, arr.uint(0));
        ReturnData elems = arr.skip(1);
        ReturnData first = elems.at(0);
        assertEquals(A, first.address(0));
        assertEquals(true, first.bool(1));
        assertArrayEquals(new byte[] {1}, first.bytes(2));
        ReturnData second = elems.at(1);
        assertEquals(B, second.address(0));
        assertArrayEquals(new byte[0], second.bytes(2));
        assertEquals(32 * (1 + 1 + 2 + 5 + 4), args.length);
    }

    @Test
    void staticTupleIsInlined() {
        byte[] args = Calldata.args(Tuple.of(A, BigInteger.ONE), BigInteger.TWO);
        assertEquals(96, args.length);
    }

    @Test
    void revertReasonIsDecoded() {
        byte[] data = Calldata.call("Error(string)", "STF");
        RevertException e = new RevertException("eth_call", 3, "execution reverted", data);
        assertEquals("STF", e.reason().orElseThrow());
    }
}
