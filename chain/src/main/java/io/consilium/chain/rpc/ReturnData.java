package io.consilium.chain.rpc;

import io.consilium.chain.domain.Address;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads ABI-encoded return data by 32-byte head slot. Dynamic members ({@code bytes}, arrays, dynamic
 * tuples) are reached through {@link #at(int)}, which follows the offset in a slot and gives a view
 * whose slots count from the pointed-to position, as the ABI defines offsets.
 */
public final class ReturnData {
    private final byte[] data;
    private final int base;

    public ReturnData(byte[] data) {
        this(data, 0);
    }

    private ReturnData(byte[] data, int base) {
        this.data = data;
        this.base = base;
    }

    public int slots() {
        return (data.length - base) / 32;
    }

    public byte[] word(int slot) {
        int from = base + slot * 32;
        if (from + 32 > data.length) {
            throw new IllegalArgumentException("return data too short: slot " + slot + " of " + slots());
        }
        return Arrays.copyOfRange(data, from, from + 32);
    }

    public BigInteger uint(int slot) {
        return new BigInteger(1, word(slot));
    }

    /** A signed intN (sign-extended to 256 bits by the ABI). */
    public BigInteger sint(int slot) {
        return new BigInteger(word(slot));
    }

    public long uintLong(int slot) {
        return uint(slot).longValueExact();
    }

    public boolean bool(int slot) {
        return uint(slot).signum() != 0;
    }

    public Address address(int slot) {
        return Address.of(Hex.data(Arrays.copyOfRange(word(slot), 12, 32)));
    }

    /** The view that the offset in {@code slot} points to (a dynamic member). */
    public ReturnData at(int slot) {
        int offset = uint(slot).intValueExact();
        if (base + offset > data.length) {
            throw new IllegalArgumentException("offset out of range: " + offset);
        }
        return new ReturnData(data, base + offset);
    }

    /** A view {@code slots} words further on (a static tuple inside an array, for instance). */
    public ReturnData skip(int slots) {
        return new ReturnData(data, base + slots * 32);
    }

    /** The {@code bytes}/{@code string} member whose offset is in {@code slot}. */
    public byte[] bytes(int slot) {
        ReturnData d = at(slot);
        int len = d.uint(0).intValueExact();
        int from = d.base + 32;
        if (from + len > data.length) {
            throw new IllegalArgumentException("bytes member longer than the data");
        }
        return Arrays.copyOfRange(data, from, from + len);
    }
}
