package io.consilium.chain.wallet;

import io.consilium.chain.domain.Address;
import io.consilium.chain.tx.Eip1559Tx;
import io.consilium.chain.tx.SignedTx;

/**
 * Signs for one account. Implementations: keystore file, BIP-39/BIP-44 mnemonic, external signer
 * over JSON-RPC, anvil dev key. Key material never leaves the implementation, and its
 * {@code toString()} shows the address only.
 */
public interface Signer {
    Address address();

    /** Signs exactly this transaction (EIP-155 chain id included); the result is ready for eth_sendRawTransaction. */
    SignedTx sign(Eip1559Tx tx);
}
