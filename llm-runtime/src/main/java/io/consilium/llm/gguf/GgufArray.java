package io.consilium.llm.gguf;

import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * A metadata array. {@code values} is a primitive or object Java array chosen by the element type:
 * UINT8, INT8, UINT16, INT16, INT32 → {@code int[]}; UINT32, INT64, UINT64 → {@code long[]};
 * FLOAT32 → {@code float[]}; FLOAT64 → {@code double[]}; BOOL → {@code boolean[]};
 * STRING → {@code String[]}; ARRAY → {@code GgufArray[]} (nested arrays).
 */
public record GgufArray(GgufValueType elementType, Object values) {

    public GgufArray {
        Class<?> want = javaArrayClass(elementType);
        if (values == null || values.getClass() != want) {
            throw new IllegalArgumentException("a GGUF " + elementType + " array needs a " + want.getSimpleName()
                    + ", got " + (values == null ? "null" : values.getClass().getSimpleName()));
        }
    }

    static Class<?> javaArrayClass(GgufValueType t) {
        return switch (t) {
            case UINT8, INT8, UINT16, INT16, INT32 -> int[].class;
            case UINT32, INT64, UINT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING -> String[].class;
            case ARRAY -> GgufArray[].class;
        };
    }

    public static GgufArray ofStrings(String... v) {
        return new GgufArray(GgufValueType.STRING, v);
    }

    public static GgufArray ofInt32(int... v) {
        return new GgufArray(GgufValueType.INT32, v);
    }

    public static GgufArray ofFloat32(float... v) {
        return new GgufArray(GgufValueType.FLOAT32, v);
    }

    public int size() {
        return Array.getLength(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GgufArray a && a.elementType == elementType
                && Arrays.deepEquals(new Object[] {values}, new Object[] {a.values});
    }

    @Override
    public int hashCode() {
        return elementType.hashCode() * 31 + Arrays.deepHashCode(new Object[] {values});
    }

    @Override
    public String toString() {
        int n = size();
        return "GgufArray[" + elementType + " x " + n + "]";
    }
}
