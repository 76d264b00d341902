package io.consilium.chain.testbed;

import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;
import io.consilium.chain.wallet.Signer;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.MnemonicUtils;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * DEV-ONLY signer for anvil's well-known accounts (the public "test test … junk" mnemonic, BIP-44
 * path m/44'/60'/0'/0/i). These keys are published everywhere: never fund them on a real chain.
 * Real wallets live in io.consilium.chain.wallet.
 */
public final class DevKeySigner implements Signer {
    /** Anvil's default mnemonic; public knowledge, not a secret. */
    static final String ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

    private final int index;
    private final Credentials credentials;
    private final Address address;

    private DevKeySigner(int index, Credentials credentials) {
        this.index = index;
        this.credentials = credentials;
        this.address = Address.of(credentials.getAddress());
    }

    /** Anvil dev account {@code index} (0-based). */
    public static DevKeySigner of(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative account index");
        }
        byte[] seed = MnemonicUtils.generateSeed(ANVIL_MNEMONIC, "");
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(seed);
        int h = Bip32ECKeyPair.HARDENED_BIT;
        Bip32ECKeyPair key = Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | h, 60 | h, h, 0, index});
        return new DevKeySigner(index, Credentials.create(key));
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public SignedTx sign(Eip1559Tx tx) {
        RawTransaction raw = RawTransaction.createTransaction(tx.chainId().value(),
                java.math.BigInteger.valueOf(tx.nonce()), tx.gasLimit(), tx.to() == null ? "" : tx.to().hex(),
                tx.value(), Numeric.toHexString(tx.data()), tx.maxPriorityFeePerGas(), tx.maxFeePerGas());
        byte[] signed = TransactionEncoder.signMessage(raw, credentials);
        return new SignedTx(signed, Numeric.toHexString(Hash.sha3(signed)));
    }

    @Override
    public String toString() {
        return "DevKeySigner[DEV-ONLY anvil account #" + index + " " + address + "]";
    }
}
