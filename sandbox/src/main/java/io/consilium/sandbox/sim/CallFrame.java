package io.consilium.sandbox.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.consilium.chain.domain.Address;
import io.consilium.sandbox.Hex;
import java.math.BigInteger;

/**
 * One call of the simulated execution, flattened from the call tracer in depth-first order.
 * {@code type} is CALL, STATICCALL, DELEGATECALL, CALLCODE, CREATE, CREATE2 or SELFDESTRUCT.
 */
public record CallFrame(int depth, String type, Address from, Address to, BigInteger value, String input, String error) {
    @JsonIgnore
    public byte[] inputBytes() {
        return Hex.bytes(input);
    }

    @JsonIgnore
    public boolean isCreate() {
        return type.startsWith("CREATE");
    }

    @JsonIgnore
    public String selector() {
        return input != null && input.length() >= 10 ? input.substring(0, 10).toLowerCase(java.util.Locale.ROOT) : "0x";
    }
}
