/**
 * Signing wallets behind {@link io.consilium.chain.wallet.Signer}.
 *
 * <ul>
 * <li>{@link io.consilium.chain.wallet.Keystore}: Web3 Secret Storage v3 files (scrypt, pbkdf2), KDF parameters
 *     bounded by {@link io.consilium.chain.wallet.KdfBounds} before any work; owner-only writes.</li>
 * <li>{@link io.consilium.chain.wallet.HdWallet}: BIP-39 mnemonic + BIP-32/BIP-44 m/44'/60'/0'/0/i
 *     (the MetaMask/Ledger derivation), built on {@link io.consilium.chain.wallet.Bip39} and
 *     {@link io.consilium.chain.wallet.Bip32}.</li>
 * <li>{@link io.consilium.chain.wallet.LocalSigner}: signs EIP-1559 transactions and EIP-712 typed data with a
 *     {@link io.consilium.chain.wallet.PrivateKey} held in this process.</li>
 * <li>{@link io.consilium.chain.wallet.JsonRpcSigner}: an external signer (Web3Signer eth_signTransaction,
 *     Clef account_signTransaction, and their typed-data methods); every answer is decoded with
 *     {@link io.consilium.chain.wallet.RawTxDecoder} and checked against the request before use.</li>
 * </ul>
 * Key material stays in byte[]/char[] that callers wipe; toString shows addresses only; no message or
 * log line carries a key, mnemonic or password (enforced by the tests' leak watch).
 */
package io.consilium.chain.wallet;
