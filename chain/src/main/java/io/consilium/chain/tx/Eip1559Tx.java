package io.consilium.chain.tx;

import io.consilium.chain.domain.Address;
import io.consilium.chain.domain.ChainId;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * A fully specified EIP-1559 (type 2) transaction, ready to sign. {@code to == null} means contract
 * creation. This is the exact object the sandbox simulates and the signer signs.
 */
public record Eip1559Tx(ChainId chainId, long nonce, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas,
                        BigInteger gasLimit, Address to, BigInteger value, byte[] data) {
    public Eip1559Tx {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
        Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        Objects.requireNonNull(gasLimit, "gasLimit");
        Objects.requireNonNull(value, "value");
        data = data == null ? new byte[0] : data.clone();
        if (nonce < 0) {
            throw new IllegalArgumentException("negative nonce");
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Eip1559Tx t && chainId.equals(t.chainId) && nonce == t.nonce
                && maxPriorityFeePerGas.equals(t.maxPriorityFeePerGas) && maxFeePerGas.equals(t.maxFeePerGas)
                && gasLimit.equals(t.gasLimit) && Objects.equals(to, t.to) && value.equals(t.value)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chainId, nonce, maxFeePerGas, to, value) * 31 + Arrays.hashCode(data);
    }
}
