package io.consilium.chain.wallet;

import java.util.Arrays;

/** Ethereum accounts from a BIP-39 mnemonic on the BIP-44 path m/44'/60'/0'/0/i (MetaMask, Ledger Live). */
public final class HdWallet {
    public static final String ETHEREUM_PATH_PREFIX = "m/44'/60'/0'/0/";

    private HdWallet() {}

    /** The key of account {@code index}; the mnemonic must pass the BIP-39 checksum. */
    public static PrivateKey ethereumKey(char[] mnemonic, char[] passphrase, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("account index must be >= 0, got " + index);
        }
        byte[] seed = Bip39.seed(mnemonic, passphrase);
        Bip32.Node master = Bip32.master(seed);
        Arrays.fill(seed, (byte) 0);
        Bip32.Node leaf = master.derivePath(ETHEREUM_PATH_PREFIX + index);
        master.wipe();
        try {
            return leaf.privateKey();
        } finally {
            leaf.wipe();
        }
    }
}
