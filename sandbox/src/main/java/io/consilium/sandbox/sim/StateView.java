package io.consilium.sandbox.sim;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.Optional;

/** Read access to one chain state (before or after the simulated transaction). */
interface StateView {
    /** eth_call returning one uint256; empty if the call reverts or returns fewer than 32 bytes. */
    Optional<BigInteger> callUint(Address to, byte[] data);

    BigInteger nativeBalance(Address account);
}
