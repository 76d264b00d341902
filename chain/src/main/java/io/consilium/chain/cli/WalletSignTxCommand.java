package io.consilium.chain.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.consilium.chain.ChainUserError;
import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import io.consilium.chain.wallet.Keystore;
import io.consilium.chain.wallet.LocalSigner;
import io.consilium.chain.wallet.PrivateKey;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `consilium wallet sign-tx`: signs an EIP-1559 transaction described in JSON and prints the raw bytes. */
@Command(name = "sign-tx", mixinStandardHelpOptions = true,
        description = "Sign an EIP-1559 transaction (TX.json) with a keystore account; prints the raw signed transaction (0x...).")
public final class WalletSignTxCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--keystore", required = true, paramLabel = "DIR", description = "Keystore directory.")
    Path dir;

    @Option(names = "--account", required = true, paramLabel = "ADDR", description = "Account address (0x...).")
    String account;

    @Option(names = "--tx", required = true, paramLabel = "TX.json",
            description = "{chainId, to, value, data, nonce, gas, maxFeePerGas, maxPriorityFeePerGas}; amounts as decimal strings.")
    Path txFile;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Read the password from FILE instead of $CONSILIUM_WALLET_PASSWORD or the console.")
    Path passwordFile;

    @Override
    public Integer call() {
        Address addr;
        try {
            addr = Address.of(account);
        } catch (IllegalArgumentException e) {
            throw new ChainUserError("--account " + account + " is not an address (0x + 40 hex digits)");
        }
        Eip1559Tx tx = readTx(txFile);
        Path file = WalletListCommand.scan(dir).stream().filter(e -> e.address().equals(addr)).map(WalletListCommand.Entry::file)
                .findFirst().orElseThrow(() -> new ChainUserError("no keystore for " + addr + " in " + dir
                        + "; `consilium wallet list --keystore " + dir + "` shows the accounts there"));
        char[] password = SecretInput.password(passwordFile, false);
        PrivateKey key;
        try {
            key = Keystore.decrypt(file, password);
        } finally {
            Arrays.fill(password, '\0');
        }
        LocalSigner signer = new LocalSigner(key);
        try {
            SignedTx signed = signer.sign(tx);
            spec.commandLine().getOut().println(signed.rawHex());
            return 0;
        } finally {
            signer.destroy();
        }
    }

    static Eip1559Tx readTx(Path f) {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(f.toFile());
        } catch (IOException e) {
            throw new ChainUserError("transaction file " + f + ": not valid JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (n == null || !n.isObject()) {
            throw new ChainUserError("transaction file " + f + ": expected a JSON object");
        }
        long chainId = integer(n, "chainId", f).longValueExact();
        if (chainId <= 0) {
            throw new ChainUserError("transaction file " + f + ": chainId must be positive");
        }
        BigInteger nonce = integer(n, "nonce", f);
        if (nonce.bitLength() > 63) {
            throw new ChainUserError("transaction file " + f + ": nonce is too large");
        }
        Address to = null;
        if (n.hasNonNull("to") && !n.get("to").asText().isEmpty()) {
            try {
                to = Address.of(n.get("to").asText());
            } catch (IllegalArgumentException e) {
                throw new ChainUserError("transaction file " + f + ": 'to' is not an address (0x + 40 hex digits)");
            }
        }
        byte[] data = new byte[0];
        if (n.hasNonNull("data")) {
            String d = n.get("data").asText();
            try {
                data = HexFormat.of().parseHex(d.startsWith("0x") ? d.substring(2) : d);
            } catch (IllegalArgumentException e) {
                throw new ChainUserError("transaction file " + f + ": 'data' is not hex");
            }
        }
        BigInteger value = n.has("value") ? integer(n, "value", f) : BigInteger.ZERO;
        BigInteger maxFee = integer(n, "maxFeePerGas", f);
        BigInteger tip = integer(n, "maxPriorityFeePerGas", f);
        if (tip.compareTo(maxFee) > 0) {
            throw new ChainUserError("transaction file " + f + ": maxPriorityFeePerGas is above maxFeePerGas");
        }
        return new Eip1559Tx(ChainId.of(chainId), nonce.longValue(), tip, maxFee, integer(n, "gas", f), to, value, data);
    }

    /** A non-negative integer given as a decimal string or a JSON integer. */
    private static BigInteger integer(JsonNode n, String key, Path f) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new ChainUserError("transaction file " + f + ": '" + key + "' is missing");
        }
        try {
            BigInteger x = v.isIntegralNumber() ? v.bigIntegerValue() : new BigInteger(v.asText().trim());
            if (x.signum() < 0 || x.bitLength() > 256) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new ChainUserError("transaction file " + f + ": '" + key + "' must be a non-negative integer (decimal string)");
        }
    }
}
