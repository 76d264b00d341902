package io.consilium.llm.gguf;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The key/value section of a GGUF file, in file order. Typed getters accept any integer width for
 * integer keys (and ints for floats); a missing key or a value of the wrong type gives a
 * {@link GgufFormatException} naming the file and the key. Value representations: see {@link GgufValueType}.
 */
public final class GgufMetadata {

    private final Path file;
    private final Map<String, GgufValueType> types;
    private final Map<String, Object> values;

    GgufMetadata(Path file, Map<String, GgufValueType> types, Map<String, Object> values) {
        this.file = file;
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** Keys in file order. */
    public Set<String> keys() {
        return values.keySet();
    }

    public Optional<Object> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The stored value type of a key, or empty if absent. */
    public Optional<GgufValueType> type(String key) {
        return Optional.ofNullable(types.get(key));
    }

    public String getString(String key) {
        if (require(key, "a string") instanceof String s) {
            return s;
        }
        throw wrongType(key, "a string");
    }

    public String getString(String key, String def) {
        return has(key) ? getString(key) : def;
    }

    public long getLong(String key) {
        Object v = require(key, "an integer");
        if (!types.get(key).isInteger()) {
            throw wrongType(key, "an integer");
        }
        return ((Number) v).longValue();
    }

    public long getLong(String key, long def) {
        return has(key) ? getLong(key) : def;
    }

    public int getInt(String key) {
        long v = getLong(key);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw GgufFormatException.of(file, "metadata key '" + key + "' = " + v + " does not fit a 32-bit int");
        }
        return (int) v;
    }

    public int getInt(String key, int def) {
        return has(key) ? getInt(key) : def;
    }

    public float getFloat(String key) {
        Object v = require(key, "a number");
        GgufValueType t = types.get(key);
        if (!t.isInteger() && !t.isFloat()) {
            throw wrongType(key, "a number");
        }
        return ((Number) v).floatValue();
    }

    public float getFloat(String key, float def) {
        return has(key) ? getFloat(key) : def;
    }

    public boolean getBoolean(String key, boolean def) {
        if (!has(key)) {
            return def;
        }
        if (values.get(key) instanceof Boolean b) {
            return b;
        }
        throw wrongType(key, "a bool");
    }

    public GgufArray getArray(String key) {
        if (require(key, "an array") instanceof GgufArray a) {
            return a;
        }
        throw wrongType(key, "an array");
    }

    public List<String> getStringArray(String key) {
        GgufArray a = getArray(key);
        if (a.elementType() != GgufValueType.STRING) {
            throw wrongType(key, "an array of strings");
        }
        return Collections.unmodifiableList(Arrays.asList((String[]) a.values()));
    }

    /** Any integer array whose values fit an int. */
    public int[] getIntArray(String key) {
        GgufArray a = getArray(key);
        if (a.values() instanceof int[] ints) {
            return ints.clone();
        }
        if (a.values() instanceof long[] longs) {
            int[] out = new int[longs.length];
            for (int i = 0; i < longs.length; i++) {
                if (longs[i] < Integer.MIN_VALUE || longs[i] > Integer.MAX_VALUE) {
                    throw GgufFormatException.of(file, "metadata key '" + key + "' element " + i + " = " + longs[i]
                            + " does not fit a 32-bit int");
                }
                out[i] = (int) longs[i];
            }
            return out;
        }
        throw wrongType(key, "an array of integers");
    }

    /** Any float or integer array, converted to float. */
    public float[] getFloatArray(String key) {
        GgufArray a = getArray(key);
        Object v = a.values();
        if (v instanceof float[] f) {
            return f.clone();
        }
        int n = a.size();
        float[] out = new float[n];
        switch (v) {
            case double[] d -> { for (int i = 0; i < n; i++) out[i] = (float) d[i]; }
            case int[] d -> { for (int i = 0; i < n; i++) out[i] = d[i]; }
            case long[] d -> { for (int i = 0; i < n; i++) out[i] = d[i]; }
            default -> throw wrongType(key, "an array of numbers");
        }
        return out;
    }

    private Object require(String key, String what) {
        Object v = values.get(key);
        if (v == null) {
            throw GgufFormatException.of(file, "metadata key '" + key + "' (" + what + ") is missing");
        }
        return v;
    }

    private GgufFormatException wrongType(String key, String want) {
        return GgufFormatException.of(file, "metadata key '" + key + "' should be " + want + " but is "
                + types.get(key) + (values.get(key) instanceof GgufArray a ? " of " + a.elementType() : ""));
    }

    @Override
    public String toString() {
        return "GgufMetadata[" + values.size() + " keys]";
    }
}
