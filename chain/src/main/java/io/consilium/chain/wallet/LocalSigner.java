package io.consilium.chain.wallet;

import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;

/** Signs with a private key held in this process (from a keystore, a mnemonic or an anvil dev key). */
public final class LocalSigner implements Signer, TypedDataSigner {
    private final PrivateKey key;

    public LocalSigner(PrivateKey key) {
        this.key = key;
    }

    @Override
    public Address address() {
        return key.address();
    }

    @Override
    public SignedTx sign(Eip1559Tx tx) {
        return Eip1559Codec.sign(tx, key);
    }

    /** EIP-712 typed-data signature (65 bytes r||s||v, v = 27/28). */
    public byte[] signTypedData(Eip712.TypedData data) {
        return Secp256k1.sign(Eip712.signHash(data), key).toRsv();
    }

    @Override
    public byte[] signTypedData(com.fasterxml.jackson.databind.JsonNode typedData) {
        return signTypedData(Eip712.TypedData.parse(typedData));
    }

    /** Wipes the key; the signer is unusable afterwards. */
    public void destroy() {
        key.destroy();
    }

    @Override
    public String toString() {
        return "LocalSigner[" + key.address() + "]";
    }
}
