package io.consilium.chain.domain;

import org.web3j.crypto.Keys;

/** EIP-55 mixed-case checksum encoding, via web3j. */
final class Eip55 {
    private Eip55() {}

    static String checksum(String lowerHex) {
        return Keys.toChecksumAddress(lowerHex);
    }
}
