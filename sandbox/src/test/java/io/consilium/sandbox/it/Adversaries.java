package io.consilium.sandbox.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.abi.Abi;
import io.consilium.chain.domain.Address;
import io.consilium.chain.testbed.Testbed;
import io.consilium.sandbox.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles sandbox/src/test/solidity with the pinned npm solc (cached under target/ by source hash)
 * and deploys the hostile contracts onto a testbed from an attacker account.
 */
final class Adversaries {
    static final int ATTACKER = 9;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Adversaries() {}

    static synchronized Path artifacts() {
        Path home = SandboxFixture.home();
        Path src = home.resolve("sandbox/src/test/solidity");
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(src.resolve("Adversaries.sol")));
            md.update(Files.readAllBytes(src.resolve("compile.mjs")));
            String hash = HexFormat.of().formatHex(md.digest()).substring(0, 16);
            Path out = home.resolve("sandbox/target/solidity-" + hash);
            if (!Files.exists(out.resolve("EvilToken.json"))) {
                Process p = new ProcessBuilder("node", src.resolve("compile.mjs").toString(), home.toString(), out.toString())
                        .redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("solc failed: " + log);
                }
            }
            return out;
        } catch (IOException | InterruptedException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytecode(String contract) {
        try {
            JsonNode a = JSON.readTree(artifacts().resolve(contract + ".json").toFile());
            return Hex.bytes(a.get("bytecode").asText());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Address deploy(Testbed tb, String contract, byte[] ctorArgs) {
        byte[] code = bytecode(contract);
        byte[] data = new byte[code.length + ctorArgs.length];
        System.arraycopy(code, 0, data, 0, code.length);
        System.arraycopy(ctorArgs, 0, data, code.length, ctorArgs.length);
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("from", tb.accounts().get(ATTACKER).hex());
        tx.put("data", Hex.data(data));
        tx.put("gas", "0x2dc6c0");
        String hash = tb.client().rpc("eth_sendTransaction", tx).asText();
        return receipt(tb, hash).contractAddress();
    }

    static Address evilToken(Testbed tb, String symbol) {
        return deploy(tb, "EvilToken", Abi.encodeArgs("(string,string)", "Evil " + symbol, symbol));
    }

    /** Sends from the attacker (or any dev account) directly, bypassing the sandbox: test set-up only. */
    static void as(Testbed tb, int account, Address to, BigInteger value, byte[] data) {
        Map<String, Object> tx = new LinkedHashMap<>();
        tx.put("from", tb.accounts().get(account).hex());
        tx.put("to", to.hex());
        tx.put("value", Hex.quantity(value));
        tx.put("data", Hex.data(data));
        tx.put("gas", "0x7a1200");
        String hash = tb.client().rpc("eth_sendTransaction", tx).asText();
        if (!receipt(tb, hash).success()) {
            throw new IllegalStateException("set-up transaction reverted: " + hash);
        }
    }

    static io.consilium.chain.rpc.TxReceipt receipt(Testbed tb, String hash) {
        long end = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < end) {
            var r = tb.client().receipt(hash);
            if (r.isPresent()) {
                return r.get();
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("set-up transaction not mined: " + hash);
    }

    /** Gives an evil token a V2 pool against WETH with 1000 tokens : 1 ETH, owned by the attacker. */
    static Address poolWithEth(Testbed tb, Address token) {
        Address router = tb.addressBook().contract("UniswapV2Router02");
        BigInteger tokens = BigInteger.TEN.pow(21);
        as(tb, ATTACKER, token, BigInteger.ZERO, Abi.encodeCall("mint(address,uint256)", tb.accounts().get(ATTACKER), tokens));
        as(tb, ATTACKER, token, BigInteger.ZERO, Abi.encodeCall("approve(address,uint256)", router, tokens));
        as(tb, ATTACKER, router, BigInteger.TEN.pow(18), Abi.encodeCall(
                "addLiquidityETH(address,uint256,uint256,uint256,address,uint256)", token, tokens, BigInteger.ZERO,
                BigInteger.ZERO, tb.accounts().get(ATTACKER), BigInteger.valueOf(SandboxFixture.deadline())));
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", tb.addressBook().contract("UniswapV2Factory").hex());
        call.put("data", Hex.data(Abi.encodeCall("getPair(address,address)", token, tb.addressBook().contract("WETH"))));
        return (Address) Abi.decode("(address)", Hex.bytes(tb.client().rpc("eth_call", call, "latest").asText())).getFirst();
    }
}
