package io.consilium.chain.wallet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.dex.SharedData;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;

@ExtendWith(LeakWatch.class)
/** ethereum/tests TransactionTests, ethereumjs EIP-1559 signing vectors and the EIP-155 example. */
class TransactionVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void ethereumTestsTransactionTests() throws IOException {
        Path root = SharedData.path("signing", "ethereum-tests", "TransactionTests");
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        int valid = 0;
        int invalid = 0;
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            JsonNode all = new ObjectMapper().readTree(f.toFile());
            for (Map.Entry<String, JsonNode> t : all.properties()) {
                JsonNode result = t.getValue().get("result").get("Cancun");
                byte[] raw = HEX.parseHex(t.getValue().get("txbytes").asText().substring(2));
                String name = t.getKey();
                try {
                    RawTxDecoder.Decoded d = RawTxDecoder.decode(raw, 1);
                    if (result.has("exception")) {
                        failures.add(name + ": accepted, expected " + result.get("exception").asText());
                        continue;
                    }
                    assertEquals(result.get("hash").asText(), d.hash(), name + " hash");
                    assertEquals(result.get("sender").asText(), d.sender().hex(), name + " sender");
                    assertEquals(Long.decode(result.get("intrinsicGas").asText()), d.intrinsicGas(), name + " intrinsic gas");
                    valid++;
                } catch (RawTxDecoder.InvalidTx e) {
                    if (!result.has("exception")) {
                        failures.add(name + ": rejected with " + e.getMessage() + ", expected valid");
                        continue;
                    }
                    String expected = result.get("exception").asText().replace("TransactionException.", "");
                    if (!expected.startsWith(e.getMessage())) {
                        failures.add(name + ": rejected with " + e.getMessage() + ", expected " + expected);
                        continue;
                    }
                    invalid++;
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
        assertEquals(22, valid, "valid transactions");
        assertEquals(17, invalid, "expected-invalid transactions");
    }

    @Test
    void ethereumjsEip1559SigningVectors() {
        JsonNode vectors = SharedData.json("signing", "ethereumjs-tx", "eip1559.json");
        int n = 0;
        for (JsonNode v : vectors) {
            PrivateKey key = PrivateKey.of(HEX.parseHex(v.get("privateKey").asText().substring(2)));
            Eip1559Tx tx = new Eip1559Tx(ChainId.of(4), v.get("nonce").asLong(), big(v, "maxPriorityFeePerGas"),
                    big(v, "maxFeePerGas"), big(v, "gasLimit"), Address.of(v.get("to").asText()), big(v, "value"), new byte[0]);
            SignedTx signed = new LocalSigner(key).sign(tx);
            // the vector wraps the typed envelope once more as an RLP string: strip that header
            byte[] wrapped = HEX.parseHex(v.get("signedTransactionRLP").asText().substring(2));
            int headerLen = (wrapped[0] & 0xff) >= 0xb8 ? 1 + (wrapped[0] & 0xff) - 0xb7 : 1;
            byte[] envelope = java.util.Arrays.copyOfRange(wrapped, headerLen, wrapped.length);
            assertEquals(HEX.formatHex(envelope), HEX.formatHex(signed.raw()));
            RawTxDecoder.Decoded d = RawTxDecoder.decode(signed.raw(), 4);
            assertEquals(key.address(), d.sender());
            assertEquals("0x" + HEX.formatHex(Hash.sha3(envelope)), signed.hash());
            n++;
        }
        assertEquals(10, n);
    }

    @Test
    void eip155WorkedExample() {
        PrivateKey key = PrivateKey.of(HEX.parseHex("46".repeat(32)));
        RlpList unsigned = new RlpList(RlpString.create(BigInteger.valueOf(9)), RlpString.create(new BigInteger("20000000000")),
                RlpString.create(BigInteger.valueOf(21000)), RlpString.create(HEX.parseHex("35".repeat(20))),
                RlpString.create(new BigInteger("1000000000000000000")), RlpString.create(new byte[0]),
                RlpString.create(BigInteger.ONE), RlpString.create(new byte[0]), RlpString.create(new byte[0]));
        byte[] signingData = RlpEncoder.encode(unsigned);
        assertEquals("ec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080",
                HEX.formatHex(signingData));
        byte[] hash = Hash.sha3(signingData);
        assertEquals("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53", HEX.formatHex(hash));
        Secp256k1.Signature sig = Secp256k1.sign(hash, key);
        assertEquals(37, 35 + 2 + sig.recId());
        assertEquals(new BigInteger("18515461264373351373200002665853028612451056578545711640558177340181847433846"), sig.r());
        assertEquals(new BigInteger("46948507304638947509940763649030358759909902576025900602547168820602576006531"), sig.s());
        byte[] signed = RlpEncoder.encode(new RlpList(RlpString.create(BigInteger.valueOf(9)),
                RlpString.create(new BigInteger("20000000000")), RlpString.create(BigInteger.valueOf(21000)),
                RlpString.create(HEX.parseHex("35".repeat(20))), RlpString.create(new BigInteger("1000000000000000000")),
                RlpString.create(new byte[0]), RlpString.create(BigInteger.valueOf(37)), RlpString.create(sig.r()),
                RlpString.create(sig.s())));
        assertEquals("f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a0"
                + "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800"
                + "ccf555c9f3dc64214b297fb1966a3b6d83", HEX.formatHex(signed));
        RawTxDecoder.Decoded d = RawTxDecoder.decode(signed, 1);
        assertEquals("0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f", d.sender().hex());
        assertEquals(Long.valueOf(1), d.chainId());
        assertTrue(key.address().equals(d.sender()));
    }

    private static BigInteger big(JsonNode v, String f) {
        return new BigInteger(v.get(f).asText());
    }
}
