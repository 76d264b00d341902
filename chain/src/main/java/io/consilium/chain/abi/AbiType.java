package io.consilium.chain.abi;

import java.util.List;
import java.util.stream.Collectors;

/** A Solidity ABI type, parsed from its canonical spelling ("uint256", "(address,uint24)[]", ...). */
public sealed interface AbiType {
    /** Canonical spelling, as used in selectors. */
    String canonical();

    boolean isDynamic();

    /** Bytes this type takes in the head of an enclosing tuple. */
    default int headSize() {
        return 32;
    }

    record Uint(int bits) implements AbiType {
        public String canonical() { return "uint" + bits; }
        public boolean isDynamic() { return false; }
    }

    record Int(int bits) implements AbiType {
        public String canonical() { return "int" + bits; }
        public boolean isDynamic() { return false; }
    }

    record AddressType() implements AbiType {
        public String canonical() { return "address"; }
        public boolean isDynamic() { return false; }
    }

    record Bool() implements AbiType {
        public String canonical() { return "bool"; }
        public boolean isDynamic() { return false; }
    }

    /** bytes1..bytes32. */
    record FixedBytes(int length) implements AbiType {
        public String canonical() { return "bytes" + length; }
        public boolean isDynamic() { return false; }
    }

    record Bytes() implements AbiType {
        public String canonical() { return "bytes"; }
        public boolean isDynamic() { return true; }
    }

    record Str() implements AbiType {
        public String canonical() { return "string"; }
        public boolean isDynamic() { return true; }
    }

    /** T[] when {@code length < 0}, else T[length]. */
    record Array(AbiType element, int length) implements AbiType {
        public String canonical() { return element.canonical() + (length < 0 ? "[]" : "[" + length + "]"); }
        public boolean isDynamic() { return length < 0 || element.isDynamic(); }
        public int headSize() { return isDynamic() ? 32 : length * element.headSize(); }
    }

    record Tuple(List<AbiType> components) implements AbiType {
        public Tuple {
            components = List.copyOf(components);
        }
        public String canonical() {
            return components.stream().map(AbiType::canonical).collect(Collectors.joining(",", "(", ")"));
        }
        public boolean isDynamic() { return components.stream().anyMatch(AbiType::isDynamic); }
        public int headSize() {
            return isDynamic() ? 32 : components.stream().mapToInt(AbiType::headSize).sum();
        }
    }
}
