package io.consilium.sandbox.sim;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.consilium.chain.domain.Address;
import java.math.BigInteger;

/**
 * A state change read from the chain before and after the simulated transaction (never inferred from
 * logs). {@code kind} BALANCE: {@code token} is the ERC-20 (or {@link Address#ZERO} for the native
 * coin) and {@code holder} whose balance changed; ALLOWANCE: {@code holder} is the owner and
 * {@code spender} the approved address.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssetChange(Kind kind, Address token, Address holder, Address spender, BigInteger before, BigInteger after) {
    public enum Kind { BALANCE, ALLOWANCE }

    public static AssetChange balance(Address token, Address holder, BigInteger before, BigInteger after) {
        return new AssetChange(Kind.BALANCE, token, holder, null, before, after);
    }

    public static AssetChange allowance(Address token, Address owner, Address spender, BigInteger before, BigInteger after) {
        return new AssetChange(Kind.ALLOWANCE, token, owner, spender, before, after);
    }

    @JsonIgnore
    public BigInteger deltaValue() {
        return after.subtract(before);
    }

    @JsonIgnore
    public boolean isNative() {
        return token.isZero();
    }

    @JsonProperty("token")
    String tokenJson() {
        return token.isZero() ? "native" : token.toString();
    }

    @JsonProperty("before")
    String beforeJson() {
        return before.toString();
    }

    @JsonProperty("after")
    String afterJson() {
        return after.toString();
    }

    @JsonProperty("delta")
    String deltaJson() {
        return deltaValue().toString();
    }
}
