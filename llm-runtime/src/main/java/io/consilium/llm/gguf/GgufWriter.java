package io.consilium.llm.gguf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes a GGUF v3 file as llama.cpp lays it out: header, key/values in insertion order, tensor table,
 * then each tensor's data at an offset aligned to {@code general.alignment} (default 32), the offsets
 * contiguous in table order with each tensor padded to the alignment (llama.cpp rejects any other layout). Tensor data
 * can be given eagerly (bytes or a segment) or lazily (a supplier called once at write time), so large
 * synthetic models need not be held in memory at once. The file is written to a temporary sibling and
 * moved into place, so a failed write leaves no half file behind.
 */
public final class GgufWriter {

    private record Kv(GgufValueType type, Object value) {
    }

    private record Tensor(String name, GgmlType type, long[] shape, long byteSize, Supplier<Object> data) {
    }

    private final Map<String, Kv> kvs = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter() {
    }

    public GgufWriter put(String key, GgufValueType type, Object value) {
        checkValue(key, type, value);
        if (key.equals("general.alignment") && type != GgufValueType.UINT32) {
            // llama.cpp reads this key only as uint32
            throw new IllegalArgumentException("general.alignment must be written as UINT32, not " + type);
        }
        kvs.put(key, new Kv(type, value));
        return this;
    }

    public GgufWriter putString(String key, String v) {
        return put(key, GgufValueType.STRING, v);
    }

    public GgufWriter putInt32(String key, int v) {
        return put(key, GgufValueType.INT32, v);
    }

    public GgufWriter putUInt32(String key, long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(key + ": " + v + " does not fit uint32");
        }
        return put(key, GgufValueType.UINT32, v);
    }

    public GgufWriter putUInt64(String key, long v) {
        return put(key, GgufValueType.UINT64, v);
    }

    public GgufWriter putFloat32(String key, float v) {
        return put(key, GgufValueType.FLOAT32, v);
    }

    public GgufWriter putBool(String key, boolean v) {
        return put(key, GgufValueType.BOOL, v);
    }

    public GgufWriter putStringArray(String key, List<String> v) {
        return put(key, GgufValueType.ARRAY, GgufArray.ofStrings(v.toArray(String[]::new)));
    }

    public GgufWriter putInt32Array(String key, int[] v) {
        return put(key, GgufValueType.ARRAY, GgufArray.ofInt32(v.clone()));
    }

    public GgufWriter putFloat32Array(String key, float[] v) {
        return put(key, GgufValueType.ARRAY, GgufArray.ofFloat32(v.clone()));
    }

    /** Copies every key of another file's metadata, with its stored type. */
    public GgufWriter putAll(GgufMetadata md) {
        for (String k : md.keys()) {
            put(k, md.type(k).orElseThrow(), md.get(k).orElseThrow());
        }
        return this;
    }

    public GgufWriter addTensor(String name, GgmlType type, long[] shape, byte[] data) {
        return add(name, type, shape, data.length, () -> data);
    }

    public GgufWriter addTensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        return add(name, type, shape, data.byteSize(), () -> data);
    }

    /** Lazy variant: {@code data} is called once during {@link #write} and must return exactly the tensor's bytes. */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, Supplier<byte[]> data) {
        return add(name, type, shape, -1, data::get);
    }

    private GgufWriter add(String name, GgmlType type, long[] shape, long given, Supplier<Object> data) {
        if (shape.length < 1 || shape.length > 4) {
            throw new IllegalArgumentException("tensor " + name + ": 1..4 dimensions, got " + shape.length);
        }
        if (shape[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + ": ne0=" + shape[0] + " is not a multiple of "
                    + type + " block size " + type.blockSize());
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + ": negative dimension " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        long bytes = type.bytesFor(n);
        if (given >= 0 && given != bytes) {
            throw new IllegalArgumentException("tensor " + name + " " + type + " " + Arrays.toString(shape) + " needs "
                    + bytes + " bytes, got " + given);
        }
        for (Tensor t : tensors) {
            if (t.name.equals(name)) {
                throw new IllegalArgumentException("duplicate tensor name " + name);
            }
        }
        tensors.add(new Tensor(name, type, shape.clone(), bytes, data));
        return this;
    }

    private int alignment() {
        Kv a = kvs.get("general.alignment");
        return a == null ? GgufParser.DEFAULT_ALIGNMENT : ((Number) a.value).intValue();
    }

    public void write(Path out) {
        int alignment = alignment();
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("general.alignment must be a power of two, got " + alignment);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Sink sink = new Sink(ch)) {
            sink.i32(GgufParser.MAGIC).i32(3).i64(tensors.size()).i64(kvs.size());
            for (Map.Entry<String, Kv> e : kvs.entrySet()) {
                sink.str(e.getKey()).i32(e.getValue().type.id());
                writeValue(sink, e.getValue().type, e.getValue().value);
            }
            long offset = 0;
            for (Tensor t : tensors) {
                sink.str(t.name).i32(t.shape.length);
                for (long d : t.shape) {
                    sink.i64(d);
                }
                sink.i32(t.type.id()).i64(offset);
                offset = GgufParser.alignUp(offset + t.byteSize, alignment);
            }
            sink.pad(alignment);
            for (Tensor t : tensors) {
                long before = sink.position();
                Object d = t.data.get();
                switch (d) {
                    case byte[] b -> sink.bytes(b);
                    case MemorySegment s -> sink.segment(s);
                    default -> throw new IllegalStateException("tensor data of " + t.name + " is " + d);
                }
                if (sink.position() - before != t.byteSize) {
                    throw new IllegalArgumentException("tensor " + t.name + " needs " + t.byteSize + " bytes, its supplier gave "
                            + (sink.position() - before));
                }
                sink.pad(alignment);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write GGUF file " + out, e);
        }
        try {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + tmp + " to " + out, e);
        }
    }

    private static void writeValue(Sink s, GgufValueType type, Object v) throws IOException {
        switch (type) {
            case UINT8, INT8 -> s.u8(((Number) v).intValue());
            case UINT16, INT16 -> s.i16(((Number) v).intValue());
            case UINT32, INT32 -> s.i32(((Number) v).intValue());
            case UINT64, INT64 -> s.i64(((Number) v).longValue());
            case FLOAT32 -> s.i32(Float.floatToRawIntBits(((Number) v).floatValue()));
            case FLOAT64 -> s.i64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
            case BOOL -> s.u8((Boolean) v ? 1 : 0);
            case STRING -> s.str((String) v);
            case ARRAY -> {
                GgufArray a = (GgufArray) v;
                int n = a.size();
                s.i32(a.elementType().id()).i64(n);
                Object vals = a.values();
                for (int i = 0; i < n; i++) {
                    writeValue(s, a.elementType(), java.lang.reflect.Array.get(vals, i));
                }
            }
        }
    }

    private static void checkValue(String key, GgufValueType type, Object v) {
        boolean ok = switch (type) {
            case UINT8, INT8, UINT16, INT16, INT32 -> v instanceof Integer;
            case UINT32, UINT64, INT64 -> v instanceof Long || v instanceof Integer;
            case FLOAT32 -> v instanceof Float;
            case FLOAT64 -> v instanceof Double;
            case BOOL -> v instanceof Boolean;
            case STRING -> v instanceof String;
            case ARRAY -> v instanceof GgufArray;
        };
        if (!ok) {
            throw new IllegalArgumentException("metadata " + key + ": a " + type + " value cannot be "
                    + (v == null ? "null" : v.getClass().getSimpleName()));
        }
    }

    /** Little-endian buffered writer over a channel. */
    private static final class Sink implements AutoCloseable {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        private long written;

        Sink(FileChannel ch) {
            this.ch = ch;
        }

        long position() {
            return written + buf.position();
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        Sink u8(int v) throws IOException {
            room(1);
            buf.put((byte) v);
            return this;
        }

        Sink i16(int v) throws IOException {
            room(2);
            buf.putShort((short) v);
            return this;
        }

        Sink i32(int v) throws IOException {
            room(4);
            buf.putInt(v);
            return this;
        }

        Sink i64(long v) throws IOException {
            room(8);
            buf.putLong(v);
            return this;
        }

        Sink str(String s) throws IOException {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            return bytes(b);
        }

        Sink bytes(byte[] b) throws IOException {
            return segment(MemorySegment.ofArray(b));
        }

        Sink segment(MemorySegment s) throws IOException {
            long off = 0;
            long n = s.byteSize();
            while (off < n) {
                if (!buf.hasRemaining()) {
                    flush();
                }
                int chunk = (int) Math.min(buf.remaining(), n - off);
                MemorySegment.copy(s, off, MemorySegment.ofBuffer(buf), 0, chunk); // ofBuffer starts at position()
                buf.position(buf.position() + chunk);
                off += chunk;
            }
            return this;
        }

        void pad(int alignment) throws IOException {
            long p = position();
            long target = GgufParser.alignUp(p, alignment);
            for (long i = p; i < target; i++) {
                u8(0);
            }
        }

        void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                written += ch.write(buf);
            }
            buf.clear();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
