package io.consilium.chain.tx;

import java.math.BigInteger;

/** EIP-1559 fee caps for one transaction. */
public record Fees(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {
    public Fees {
        if (maxFeePerGas.compareTo(maxPriorityFeePerGas) < 0) {
            throw new IllegalArgumentException("maxFeePerGas below maxPriorityFeePerGas");
        }
    }

    /**
     * Fees for a replacement: both caps raised by at least {@code percent} (geth and anvil demand +10%),
     * and never below {@code floor} (the current market), rounded up.
     */
    public Fees bumped(int percent, Fees floor) {
        BigInteger tip = raise(maxPriorityFeePerGas, percent).max(floor.maxPriorityFeePerGas);
        BigInteger cap = raise(maxFeePerGas, percent).max(floor.maxFeePerGas).max(tip);
        return new Fees(tip, cap);
    }

    private static BigInteger raise(BigInteger v, int percent) {
        BigInteger[] qr = v.multiply(BigInteger.valueOf(100L + percent)).divideAndRemainder(BigInteger.valueOf(100));
        BigInteger r = qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
        return r.equals(v) ? v.add(BigInteger.ONE) : r;
    }
}
