package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.dex.SharedData;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.StructuredDataEncoder;

@ExtendWith(LeakWatch.class)
class Eip712Test {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void mailVector() {
        JsonNode v = SharedData.json("signing", "eip-712", "mail_vector.json");
        Eip712.TypedData data = Eip712.TypedData.parse(v.get("typedData"));
        assertEquals(v.get("encodeType_Mail").asText(), Eip712.encodeType(data, "Mail"));
        assertEquals(v.get("typeHash_Mail").asText(), hex(Eip712.typeHash(data, "Mail")));
        assertEquals(v.get("encodeData_Mail").asText(), hex(Eip712.encodeData(data, "Mail", data.message())));
        assertEquals(v.get("hashStruct_Mail").asText(), hex(Eip712.hashStruct(data, "Mail", data.message())));
        assertEquals(v.get("domainSeparator").asText(), hex(Eip712.domainSeparator(data)));
        assertEquals(v.get("signHash").asText(), hex(Eip712.signHash(data)));
        PrivateKey key = PrivateKey.of(HEX.parseHex(v.get("privateKey").asText().substring(2)));
        assertEquals(v.get("address").asText(), key.address().hex());
        byte[] rsv = new LocalSigner(key).signTypedData(data);
        JsonNode sig = v.get("signature");
        assertEquals(sig.get("r").asText(), "0x" + HEX.formatHex(rsv, 0, 32));
        assertEquals(sig.get("s").asText(), "0x" + HEX.formatHex(rsv, 32, 64));
        assertEquals(sig.get("v").asInt(), rsv[64]);
        assertEquals(key.address(), Secp256k1.recover(Eip712.signHash(data), rsv[64] - 27,
                new BigInteger(1, java.util.Arrays.copyOfRange(rsv, 0, 32)), new BigInteger(1, java.util.Arrays.copyOfRange(rsv, 32, 64))));
    }

    /** Nested structs inside arrays, dynamic and fixed arrays, bytes, bool and signed ints, checked against web3j. */
    @Test
    void nestedStructsAndArraysAgreeWithWeb3j() throws Exception {
        String json = """
            {"types": {
               "EIP712Domain": [{"name":"name","type":"string"},{"name":"version","type":"string"},
                                {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
               "Person": [{"name":"name","type":"string"},{"name":"wallets","type":"address[]"}],
               "Group": [{"name":"name","type":"string"},{"name":"members","type":"Person[]"}],
               "Mail": [{"name":"from","type":"Person"},{"name":"to","type":"Person[]"},{"name":"contents","type":"string"},
                        {"name":"groups","type":"Group[2]"},{"name":"tag","type":"bytes32"},{"name":"blob","type":"bytes"},
                        {"name":"urgent","type":"bool"},{"name":"delta","type":"int64"},{"name":"amounts","type":"uint256[]"}]},
             "primaryType": "Mail",
             "domain": {"name":"Ether Mail","version":"1","chainId":1,"verifyingContract":"0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
             "message": {
               "from": {"name":"Cow","wallets":["0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826","0xDeaDbeefdEAdbeefdEadbEEFdeadbeEFdEaDbeeF"]},
               "to": [{"name":"Bob","wallets":["0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"]},{"name":"Dan","wallets":[]}],
               "contents": "Hello, Bob!",
               "groups": [{"name":"A","members":[{"name":"Eve","wallets":["0x1111111111111111111111111111111111111111"]}]},
                          {"name":"B","members":[]}],
               "tag": "0x0102030000000000000000000000000000000000000000000000000000000000",
               "blob": "0xdeadbeef",
               "urgent": true,
               "delta": "-5",
               "amounts": ["1", "1000000000000000000"]}}
            """;
        JsonNode root = new ObjectMapper().readTree(json);
        Eip712.TypedData data = Eip712.TypedData.parse(root);
        StructuredDataEncoder web3j = new StructuredDataEncoder(json);
        assertEquals(web3j.encodeType("Mail"), Eip712.encodeType(data, "Mail"));
        assertArrayEquals(web3j.hashDomain(), Eip712.domainSeparator(data));
        assertArrayEquals(web3j.hashStructuredData(), Eip712.signHash(data));
    }

    @Test
    void reportsMissingFieldsAndBadValuesByName() throws Exception {
        JsonNode v = SharedData.json("signing", "eip-712", "mail_vector.json").get("typedData").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) v.get("message")).remove("contents");
        ChainUserError e = LeakWatch.assertThrows(ChainUserError.class, () -> Eip712.signHash(Eip712.TypedData.parse(v)));
        assertEquals("EIP-712 typed data: Mail.contents is missing", e.getMessage());
    }

    private static String hex(byte[] b) {
        return "0x" + HEX.formatHex(b);
    }
}
