package io.consilium.chain.abi;

import java.math.BigInteger;
import java.util.List;

/** A decoded function call: canonical signature, selector (0x + 8 hex) and the argument values. */
public record DecodedCall(String signature, String selector, List<Object> args) {
    public DecodedCall {
        args = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(args));
    }

    public Object arg(int i) {
        return args.get(i);
    }

    public BigInteger uint(int i) {
        return (BigInteger) args.get(i);
    }

    public io.consilium.chain.domain.Address address(int i) {
        return (io.consilium.chain.domain.Address) args.get(i);
    }

    @SuppressWarnings("unchecked")
    public List<Object> tuple(int i) {
        return (List<Object>) args.get(i);
    }
}
