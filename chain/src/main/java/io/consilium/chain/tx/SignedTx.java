package io.consilium.chain.tx;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** The raw signed bytes of a transaction and its hash (0x-prefixed keccak of the raw bytes). */
public record SignedTx(byte[] raw, String hash) {
    public SignedTx {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(hash, "hash");
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public String rawHex() {
        return "0x" + HexFormat.of().formatHex(raw);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTx s && hash.equals(s.hash) && Arrays.equals(raw, s.raw);
    }

    @Override
    public int hashCode() {
        return hash.hashCode();
    }
}
