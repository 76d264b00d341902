package io.consilium.llm.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the header, key/value section and tensor table of a mapped GGUF file. Every count and
 * length read from the file is checked against the bytes that remain before anything is allocated,
 * so a hostile file fails with a {@link GgufFormatException} instead of exhausting memory.
 */
final class GgufParser {

    static final int MAGIC = 0x46554747; // "GGUF" read little-endian
    static final int DEFAULT_ALIGNMENT = 32;
    private static final int MAX_DIMS = 4;
    private static final int MAX_ARRAY_NESTING = 8;
    // Limits far above any real model (vocabularies hold ~10^5 tokens, models ~10^4 tensors) that keep a
    // hostile but large file from exhausting the heap before it is found out.
    static final long MAX_HEADER_BYTES = 256L << 20;
    static final int MAX_ARRAY_LENGTH = 1 << 24;
    static final long MAX_TENSORS = 1 << 20;

    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    record Parsed(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, long dataStart, int alignment) {
    }

    private final Path file;
    private final MemorySegment seg;
    private final long size;
    private long pos;

    private GgufParser(Path file, MemorySegment seg) {
        this.file = file;
        this.seg = seg;
        this.size = seg.byteSize();
    }

    static Parsed parse(Path file, MemorySegment seg) {
        return new GgufParser(file, seg).parse();
    }

    private Parsed parse() {
        if (size < 4) {
            throw fail("file is " + size + " bytes, too short to be GGUF (is it a model file?)");
        }
        int magic = seg.get(I32, 0);
        if (magic != MAGIC) {
            throw fail("bad magic " + hex(magic) + ": not a GGUF file (expected 'GGUF')");
        }
        pos = 4;
        int version = readI32("version");
        if (version != 2 && version != 3) {
            if (Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3) {
                throw fail("big-endian GGUF is not supported; use a little-endian file");
            }
            throw fail("unsupported GGUF version " + Integer.toUnsignedString(version) + " (supported: 2, 3)");
        }
        long nTensors = readCount("tensor count", 8 + 4 + 8 + 4 + 8);
        long nKv = readCount("metadata key/value count", 8 + 4 + 1);
        if (nTensors > MAX_TENSORS) {
            throw fail("tensor count " + nTensors + " exceeds the limit of " + MAX_TENSORS + " (corrupt file?)");
        }

        Map<String, GgufValueType> types = new LinkedHashMap<>();
        Map<String, Object> values = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = readString("metadata key #" + i);
            int typeId = readI32("type of metadata key '" + key + "'");
            GgufValueType type = valueType(typeId, "metadata key '" + key + "'");
            Object value = readValue(type, key, 0);

            if (types.put(key, type) != null) {
                throw fail("duplicate metadata key '" + key + "'");
            }
            values.put(key, value);
        }
        GgufMetadata metadata = new GgufMetadata(file, types, values);
        int alignment = alignment(metadata);

        List<GgufTensorInfo> tensors = new ArrayList<>((int) nTensors);
        Set<String> names = new HashSet<>();
        for (long i = 0; i < nTensors; i++) {
            GgufTensorInfo t = readTensorInfo(i);
            if (!names.add(t.name())) {
                throw fail("duplicate tensor name '" + t.name() + "'");
            }
            if (t.offset() % alignment != 0) {
                throw fail("tensor '" + t.name() + "' offset " + t.offset() + " is not a multiple of the alignment "
                        + alignment);
            }
            tensors.add(t);
        }
        long dataStart = alignUp(pos, alignment);
        checkData(tensors, dataStart);
        return new Parsed(version, metadata, List.copyOf(tensors), dataStart, alignment);
    }

    private int alignment(GgufMetadata md) {
        if (!md.has("general.alignment")) {
            return DEFAULT_ALIGNMENT;
        }
        GgufValueType t = md.type("general.alignment").orElseThrow();
        long a = t.isInteger() ? md.getLong("general.alignment") : -1;
        if (a <= 0 || a > (1 << 30) || Long.bitCount(a) != 1) {
            throw fail("general.alignment must be a positive power of two, got " + md.get("general.alignment").orElse(null)
                    + " (" + t + ")");
        }
        return (int) a;
    }

    private GgufTensorInfo readTensorInfo(long index) {
        String name = readString("name of tensor #" + index);
        int nDims = readI32("dimension count of tensor '" + name + "'");
        if (nDims < 1 || nDims > MAX_DIMS) {
            throw fail("tensor '" + name + "' has " + Integer.toUnsignedString(nDims) + " dimensions (1.." + MAX_DIMS
                    + " allowed)");
        }
        long[] shape = new long[nDims];
        long elements = 1;
        for (int d = 0; d < nDims; d++) {
            shape[d] = readI64("dimension " + d + " of tensor '" + name + "'");
            if (shape[d] < 0) {
                throw fail("tensor '" + name + "' has a negative dimension " + Arrays.toString(shape));
            }
            try {
                elements = Math.multiplyExact(elements, shape[d]);
            } catch (ArithmeticException e) {
                throw fail("tensor '" + name + "' element count overflows: shape " + Arrays.toString(shape));
            }
        }
        int typeId = readI32("type of tensor '" + name + "'");
        GgmlType type;
        try {
            type = GgmlType.fromId(typeId);
        } catch (IllegalArgumentException e) {
            throw fail("tensor '" + name + "' has unknown ggml type id " + Integer.toUnsignedString(typeId)
                    + " (this file may need a newer runtime)");
        }
        if (shape[0] % type.blockSize() != 0) {
            throw fail("tensor '" + name + "' of type " + type + " has ne0=" + shape[0]
                    + ", not a multiple of the block size " + type.blockSize());
        }
        long offset = readI64("data offset of tensor '" + name + "'");
        long bytes;
        try {
            bytes = type.bytesFor(elements);
        } catch (ArithmeticException e) {
            throw fail("tensor '" + name + "' byte size overflows: shape " + Arrays.toString(shape));
        }
        return new GgufTensorInfo(name, type, shape, offset, bytes);
    }

    private void checkData(List<GgufTensorInfo> tensors, long dataStart) {
        long dataBytes = size - dataStart;
        for (GgufTensorInfo t : tensors) {
            if (t.offset() < 0 || t.byteSize() > dataBytes || t.offset() > dataBytes - t.byteSize()) {
                throw fail("tensor '" + t.name() + "' data [" + t.offset() + ", +" + t.byteSize()
                        + ") lies outside the data section of " + Math.max(0, dataBytes)
                        + " bytes (file truncated?)");
            }
        }
        List<GgufTensorInfo> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        for (int i = 1; i < sorted.size(); i++) {
            GgufTensorInfo a = sorted.get(i - 1);
            GgufTensorInfo b = sorted.get(i);
            if (a.offset() + a.byteSize() > b.offset()) {
                throw fail("tensors '" + a.name() + "' and '" + b.name() + "' overlap in the data section");
            }
        }
    }

    private Object readValue(GgufValueType type, String key, int depth) {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedInt(readBytes(1, key)[0]);
            case INT8 -> (int) readBytes(1, key)[0];
            case UINT16 -> Short.toUnsignedInt(readI16(key));
            case INT16 -> (int) readI16(key);
            case UINT32 -> Integer.toUnsignedLong(readI32(key));
            case INT32 -> readI32(key);
            case FLOAT32 -> { need(4, key); float f = seg.get(F32, pos); pos += 4; yield f; }
            case FLOAT64 -> { need(8, key); double d = seg.get(F64, pos); pos += 8; yield d; }
            case BOOL -> readBool(key);
            case STRING -> readString("value of metadata key '" + key + "'");
            case UINT64, INT64 -> readI64(key);
            case ARRAY -> readArray(key, depth);
        };
    }

    private boolean readBool(String key) {
        byte b = readBytes(1, key)[0];
        if (b != 0 && b != 1) {
            throw fail("metadata key '" + key + "' has an invalid bool byte " + b);
        }
        return b == 1;
    }

    private GgufArray readArray(String key, int depth) {
        if (depth >= MAX_ARRAY_NESTING) {
            throw fail("metadata key '" + key + "' nests arrays deeper than " + MAX_ARRAY_NESTING);
        }
        GgufValueType et = valueType(readI32("array element type of '" + key + "'"), "array in metadata key '" + key + "'");
        long count = readCount("array length of metadata key '" + key + "'", et.minBytes());
        if (count > MAX_ARRAY_LENGTH) {
            throw fail("array length " + count + " of metadata key '" + key + "' exceeds the limit of " + MAX_ARRAY_LENGTH);
        }
        int n = (int) count;
        checkHeaderBudget(count * et.minBytes(), "array of metadata key '" + key + "'");
        String what = "array element of metadata key '" + key + "'";
        Object values = switch (et) {
            case UINT8, INT8, UINT16, INT16, INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) a[i] = ((Number) readValue(et, key, depth + 1)).intValue();
                yield a;
            }
            case UINT32, INT64, UINT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) a[i] = ((Number) readValue(et, key, depth + 1)).longValue();
                yield a;
            }
            case FLOAT32 -> {
                float[] a = new float[n];
                need(4L * n, what);
                MemorySegment.copy(seg, F32, pos, a, 0, n);
                pos += 4L * n;
                yield a;
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) a[i] = (Double) readValue(et, key, depth + 1);
                yield a;
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) a[i] = readBool(key);
                yield a;
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) a[i] = readString(what + " #" + i);
                yield a;
            }
            case ARRAY -> {
                GgufArray[] a = new GgufArray[n];
                for (int i = 0; i < n; i++) a[i] = readArray(key, depth + 1);
                yield a;
            }
        };
        return new GgufArray(et, values);
    }

    private GgufValueType valueType(int id, String where) {
        GgufValueType t = GgufValueType.byId(id);
        if (t == null) {
            throw fail(where + " has unknown value type " + Integer.toUnsignedString(id));
        }
        return t;
    }

    /** A uint64 count of items each taking at least {@code minItemBytes}; bounded by what remains. */
    private long readCount(String what, int minItemBytes) {
        long n = readI64(what);
        long remaining = size - pos;
        if (n < 0 || n > remaining / minItemBytes) {
            throw fail(what + " " + Long.toUnsignedString(n) + " is impossible: only " + remaining
                    + " bytes remain in the file (corrupt or truncated)");
        }
        return n;
    }

    private String readString(String what) {
        long len = readI64("length of " + what);
        if (len < 0 || len > size - pos) {
            throw fail("length " + Long.toUnsignedString(len) + " of " + what + " at offset " + (pos - 8)
                    + " runs beyond the end of the file (" + size + " bytes)");
        }
        checkHeaderBudget(len, what);
        byte[] b = readBytes((int) len, what);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Metadata and the tensor table together stay under a bound, so parsing them cannot exhaust the heap. */
    private void checkHeaderBudget(long bytes, String what) {
        if (pos + bytes > MAX_HEADER_BYTES) {
            throw fail(what + " would take the header past " + (MAX_HEADER_BYTES >> 20)
                    + " MB of metadata and tensor table (corrupt file?)");
        }
    }

    private byte[] readBytes(int n, String what) {
        need(n, what);
        byte[] b = new byte[n];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, n);
        pos += n;
        return b;
    }

    private short readI16(String what) {
        need(2, what);
        short v = seg.get(I16, pos);
        pos += 2;
        return v;
    }

    private int readI32(String what) {
        need(4, what);
        int v = seg.get(I32, pos);
        pos += 4;
        return v;
    }

    private long readI64(String what) {
        need(8, what);
        long v = seg.get(I64, pos);
        pos += 8;
        return v;
    }

    private void need(long n, String what) {
        if (n > size - pos) {
            throw fail("truncated: " + what + " needs " + n + " bytes at offset " + pos + " but the file ends at " + size);
        }
    }

    private GgufFormatException fail(String problem) {
        return GgufFormatException.of(file, problem);
    }

    static long alignUp(long v, long alignment) {
        return (v + alignment - 1) / alignment * alignment;
    }

    private static String hex(int v) {
        return String.format("0x%08x", v);
    }
}
