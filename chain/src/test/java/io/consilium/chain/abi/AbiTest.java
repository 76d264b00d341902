package io.consilium.chain.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

class AbiTest {
    static final Address A = Address.of("0x1111111111111111111111111111111111111111");
    static final Address B = Address.of("0x2222222222222222222222222222222222222222");

    @Test
    void knownSelectors() {
        assertEquals("0x095ea7b3", Abi.selectorHex("approve(address,uint256)"));
        assertEquals("0xa9059cbb", Abi.selectorHex("transfer(address, uint)"));
        assertEquals("0xa22cb465", Abi.selectorHex("setApprovalForAll(address,bool)"));
        assertEquals("0xac9650d8", Abi.selectorHex("multicall(bytes[])"));
        assertEquals("0x414bf389", Abi.selectorHex(
                "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))"));
    }

    @Test
    void staticCallRoundTripsAndMatchesWeb3j() {
        byte[] data = Abi.encodeCall("approve(address,uint256)", A, BigInteger.TEN);
        String web3j = FunctionEncoder.encode(new Function("approve",
                List.of(new org.web3j.abi.datatypes.Address(A.hex()), new Uint256(10)), List.of()));
        assertEquals(web3j, "0x" + HexFormat.of().formatHex(data));
        DecodedCall c = Abi.decodeCall("approve(address,uint256)", data);
        assertEquals(A, c.address(0));
        assertEquals(BigInteger.TEN, c.uint(1));
    }

    @Test
    void dynamicTypesMatchWeb3j() {
        byte[] blob = new byte[45];
        Arrays.fill(blob, (byte) 7);
        byte[] data = Abi.encodeCall("f(bytes,string,uint256[])", blob, "héllo", List.of(BigInteger.ONE, BigInteger.TWO));
        String web3j = FunctionEncoder.encode(new Function("f", List.of(new DynamicBytes(blob), new Utf8String("héllo"),
                new DynamicArray<>(Uint256.class, new Uint256(1), new Uint256(2))), List.of()));
        assertEquals(web3j, "0x" + HexFormat.of().formatHex(data));
        DecodedCall c = Abi.decodeCall("f(bytes,string,uint256[])", data);
        assertArrayEquals(blob, (byte[]) c.arg(0));
        assertEquals("héllo", c.arg(1));
        assertEquals(List.of(BigInteger.ONE, BigInteger.TWO), c.arg(2));
    }

    @Test
    void tuplesStaticAndDynamicRoundTrip() {
        String sig = "exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160))";
        List<Object> params = List.of(A, B, BigInteger.valueOf(500), A, BigInteger.valueOf(123),
                BigInteger.valueOf(456), BigInteger.ZERO, BigInteger.ZERO);
        byte[] data = Abi.encodeCall(sig, params);
        assertEquals(4 + 8 * 32, data.length);
        assertEquals(params, Abi.decodeCall(sig, data).tuple(0));

        String dyn = "exactInput((bytes,address,uint256,uint256,uint256))";
        byte[] path = HexFormat.of().parseHex("11".repeat(20) + "0001f4" + "22".repeat(20));
        byte[] d2 = Abi.encodeCall(dyn, List.of(path, B, BigInteger.ONE, BigInteger.TEN, BigInteger.ZERO));
        List<Object> back = Abi.decodeCall(dyn, d2).tuple(0);
        assertArrayEquals(path, (byte[]) back.get(0));
        assertEquals(B, back.get(1));

        byte[] inner = Abi.encodeCall("approve(address,uint256)", A, BigInteger.ONE);
        byte[] mc = Abi.encodeCall("multicall(bytes[])", List.of(inner, inner));
        @SuppressWarnings("unchecked")
        List<Object> calls = (List<Object>) Abi.decodeCall("multicall(bytes[])", mc).arg(0);
        assertArrayEquals(inner, (byte[]) calls.get(1));

        byte[] arr = Abi.encodeArgs("((address,uint256)[],int24)", List.of(List.of(A, BigInteger.ONE), List.of(B, BigInteger.TWO)),
                BigInteger.valueOf(-887220));
        List<Object> dec = Abi.decode("((address,uint256)[],int24)", arr);
        assertEquals(BigInteger.valueOf(-887220), dec.get(1));
        assertEquals(List.of(List.of(A, BigInteger.ONE), List.of(B, BigInteger.TWO)), dec.get(0));
    }

    @Test
    void hostileCalldataIsRejectedNotMisread() {
        byte[] data = Abi.encodeCall("f(bytes)", (Object) new byte[3]);
        byte[] cut = Arrays.copyOf(data, data.length - 40);
        assertThrows(AbiException.class, () -> Abi.decodeCall("f(bytes)", cut));
        byte[] badOffset = data.clone();
        badOffset[4 + 31] = (byte) 0xff;
        assertThrows(AbiException.class, () -> Abi.decodeCall("f(bytes)", badOffset));
        assertThrows(AbiException.class, () -> Abi.decodeCall("transfer(address,uint256)", data));
        byte[] dirty = Abi.encodeCall("transfer(address,uint256)", A, BigInteger.ONE);
        dirty[4] = 1;
        assertThrows(AbiException.class, () -> Abi.decodeCall("transfer(address,uint256)", dirty));
        assertTrue(Abi.tryDecodeCall("transfer(address,uint256)", data).isEmpty());
        assertThrows(AbiException.class, () -> Abi.encodeCall("f(uint8)", BigInteger.valueOf(256)));
    }

    @Test
    void decodesTransferAndApprovalLogs() {
        byte[] t1 = new byte[32];
        System.arraycopy(HexFormat.of().parseHex(A.hex().substring(2)), 0, t1, 12, 20);
        byte[] t2 = new byte[32];
        System.arraycopy(HexFormat.of().parseHex(B.hex().substring(2)), 0, t2, 12, 20);
        Erc20Event e = Erc20Event.decode(B, List.of(Abi.eventTopic("Transfer(address,address,uint256)"), t1, t2),
                AbiCodec.word(BigInteger.valueOf(99))).orElseThrow();
        assertEquals(Erc20Event.Kind.TRANSFER, e.kind());
        assertEquals(A, e.from());
        assertEquals(BigInteger.valueOf(99), e.value());
        Erc20Event ap = Erc20Event.decode(B, List.of(Abi.eventTopic("Approval(address,address,uint256)"), t1, t2),
                AbiCodec.word(BigInteger.ONE)).orElseThrow();
        assertEquals(Erc20Event.Kind.APPROVAL, ap.kind());
        assertTrue(Erc20Event.decode(B, List.of(new byte[32], t1, t2), new byte[32]).isEmpty());
    }
}
