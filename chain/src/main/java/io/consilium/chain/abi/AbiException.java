package io.consilium.chain.abi;

/** Calldata or return data that does not fit the ABI type it is read as, or a bad type spelling. */
public class AbiException extends RuntimeException {
    public AbiException(String message) {
        super(message);
    }
}
