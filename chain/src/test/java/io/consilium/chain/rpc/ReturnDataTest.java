package io.consilium.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slot reader against data laid out by the ABI codec (the snapshot reader decodes Multicall3 results with it). */
class ReturnDataTest {
    private static final Address A = Address.of("0x00000000000000000000000000000000000000aa");
    private static final Address B = Address.of("0x00000000000000000000000000000000000000bb");

    @Test
    void readsStaticWords() {
        byte[] data = Abi.encodeCall("transfer(address,uint256)", A, BigInteger.TEN);
        ReturnData r = new ReturnData(Arrays.copyOfRange(data, 4, data.length));
        assertEquals(2, r.slots());
        assertEquals(A, r.address(0));
        assertEquals(BigInteger.TEN, r.uint(1));
    }

    @Test
    void signedWordsAreSignExtended() {
        byte[] data = Abi.encodeArgs("(int24)", BigInteger.valueOf(-887220));
        assertEquals("0x" + "ff".repeat(29) + "f2764c", Hex.data(data));
        assertEquals(BigInteger.valueOf(-887220), new ReturnData(data).sint(0));
    }

    @Test
    void followsOffsetsIntoAnArrayOfDynamicTuples() {
        // aggregate3([(A, true, 0x01), (B, false, 0x)]): the shape Multicall3 takes and returns.
        byte[] args = Abi.encodeArgs("((address,bool,bytes)[])",
                List.of(List.<Object>of(A, true, new byte[] {1}), List.<Object>of(B, false, new byte[0])));
        assertEquals(32 * (1 + 1 + 2 + 5 + 4), args.length);
        ReturnData arr = new ReturnData(args).at(0);
        assertEquals(BigInteger.TWO, arr.uint(0));
        ReturnData elems = arr.skip(1);
        ReturnData first = elems.at(0);
        assertEquals(A, first.address(0));
        assertEquals(true, first.bool(1));
        assertArrayEquals(new byte[] {1}, first.bytes(2));
        ReturnData second = elems.at(1);
        assertEquals(B, second.address(0));
        assertArrayEquals(new byte[0], second.bytes(2));
    }

    @Test
    void shortDataAndWildOffsetsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> new ReturnData(new byte[31]).uint(0));
        byte[] wild = Abi.encodeArgs("(uint256)", BigInteger.valueOf(1 << 20));
        assertThrows(IllegalArgumentException.class, () -> new ReturnData(wild).at(0));
    }

    @Test
    void revertReasonIsDecoded() {
        byte[] data = Abi.encodeCall("Error(string)", "STF");
        RevertException e = new RevertException("eth_call", 3, "execution reverted", data);
        assertEquals("STF", e.reason().orElseThrow());
    }
}
