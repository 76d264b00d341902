package io.consilium.sandbox.policy;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;

/** An independent expectation of what a swap should pay out, from a source other than the request itself. */
public record Quote(String source, Address tokenOut, BigInteger expectedOut) {}
