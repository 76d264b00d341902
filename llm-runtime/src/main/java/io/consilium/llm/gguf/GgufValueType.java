package io.consilium.llm.gguf;

/**
 * Metadata value types of the GGUF key/value section, ids as in gguf.h.
 *
 * <p>Java representation of values (as returned by {@link GgufMetadata#get} and accepted by
 * {@link GgufWriter#put}): UINT8, INT8, UINT16, INT16, INT32 → {@code Integer} (unsigned ones widened);
 * UINT32, INT64, UINT64 → {@code Long} (UINT64 keeps its bit pattern); FLOAT32 → {@code Float};
 * FLOAT64 → {@code Double}; BOOL → {@code Boolean}; STRING → {@code String}; ARRAY → {@link GgufArray}.
 */
public enum GgufValueType {
    UINT8(0, 1),
    INT8(1, 1),
    UINT16(2, 2),
    INT16(3, 2),
    UINT32(4, 4),
    INT32(5, 4),
    FLOAT32(6, 4),
    BOOL(7, 1),
    STRING(8, 8),
    ARRAY(9, 12),
    UINT64(10, 8),
    INT64(11, 8),
    FLOAT64(12, 8);

    private final int id;
    private final int minBytes;

    GgufValueType(int id, int minBytes) {
        this.id = id;
        this.minBytes = minBytes;
    }

    public int id() {
        return id;
    }

    /** The fewest bytes one value of this type occupies in a file; bounds counts read from a hostile file. */
    int minBytes() {
        return minBytes;
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** The type with this id, or null if the id is unknown. */
    static GgufValueType byId(int id) {
        for (GgufValueType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        return null;
    }
}
