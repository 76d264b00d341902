package io.consilium.chain.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Pattern;

/** A 20-byte Ethereum address, kept lower-case; {@link #toString()} gives the EIP-55 checksummed form. */
public record Address(String hex) implements Comparable<Address> {
    private static final Pattern SHAPE = Pattern.compile("0x[0-9a-fA-F]{40}");
    public static final Address ZERO = new Address("0x0000000000000000000000000000000000000000");

    public Address {
        if (hex == null || !SHAPE.matcher(hex).matches()) {
            throw new IllegalArgumentException("not an address (want 0x + 40 hex digits): " + hex);
        }
        hex = hex.toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Address of(String hex) {
        return new Address(hex);
    }

    public boolean isZero() {
        return equals(ZERO);
    }

    @JsonValue
    @Override
    public String toString() {
        return Eip55.checksum(hex);
    }

    @Override
    public int compareTo(Address o) {
        return hex.compareTo(o.hex);
    }
}
