package io.consilium.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {

    @TempDir
    Path dir;

    static GgufWriter everyValueType() {
        GgufWriter w = new GgufWriter();
        w.putString("general.architecture", "llama");
        w.put("u8", GgufValueType.UINT8, 250);
        w.put("i8", GgufValueType.INT8, -7);
        w.put("u16", GgufValueType.UINT16, 65000);
        w.put("i16", GgufValueType.INT16, -30000);
        w.putUInt32("u32", 4_000_000_000L);
        w.putInt32("i32", -123456);
        w.putFloat32("f32", 1.5e-5f);
        w.putBool("b", true);
        w.putString("s", "héllo ▁wörld 🙂");
        w.putUInt64("u64", -1L);
        w.put("i64", GgufValueType.INT64, Long.MIN_VALUE + 3);
        w.put("f64", GgufValueType.FLOAT64, Math.PI);
        w.putStringArray("tokens", List.of("<s>", "</s>", "▁a", ""));
        w.putInt32Array("types", new int[] {1, 3, -2});
        w.putFloat32Array("scores", new float[] {0f, -1.25f, 3e9f});
        w.put("u8s", GgufValueType.ARRAY, new GgufArray(GgufValueType.UINT8, new int[] {0, 255}));
        w.put("bools", GgufValueType.ARRAY, new GgufArray(GgufValueType.BOOL, new boolean[] {true, false}));
        w.put("f64s", GgufValueType.ARRAY, new GgufArray(GgufValueType.FLOAT64, new double[] {2.5, -1}));
        w.put("u64s", GgufValueType.ARRAY, new GgufArray(GgufValueType.UINT64, new long[] {7, -1}));
        w.put("nested", GgufValueType.ARRAY, new GgufArray(GgufValueType.ARRAY, new GgufArray[] {
                GgufArray.ofInt32(1, 2), GgufArray.ofStrings("x"), new GgufArray(GgufValueType.INT16, new int[0])}));
        return w;
    }

    @Test
    void everyValueTypeRoundTrips() {
        Path f = dir.resolve("kv.gguf");
        everyValueType().write(f);
        try (GgufFile g = GgufFile.open(f)) {
            GgufMetadata md = g.metadata();
            assertEquals(3, g.version());
            assertEquals("llama", md.getString("general.architecture"));
            assertEquals(250, md.getInt("u8"));
            assertEquals(-7, md.getInt("i8"));
            assertEquals(65000, md.getInt("u16"));
            assertEquals(-30000, md.getInt("i16"));
            assertEquals(4_000_000_000L, md.getLong("u32"));
            assertThrows(GgufFormatException.class, () -> md.getInt("u32"));
            assertEquals(-123456, md.getInt("i32"));
            assertEquals(1.5e-5f, md.getFloat("f32"));
            assertEquals(-123456f, md.getFloat("i32"));
            assertTrue(md.getBoolean("b", false));
            assertEquals("héllo ▁wörld 🙂", md.getString("s"));
            assertEquals(-1L, md.getLong("u64"));
            assertEquals(Long.MIN_VALUE + 3, md.getLong("i64"));
            assertEquals((float) Math.PI, md.getFloat("f64"));
            assertEquals(Math.PI, (Double) md.get("f64").orElseThrow());
            assertEquals(List.of("<s>", "</s>", "▁a", ""), md.getStringArray("tokens"));
            assertArrayEquals(new int[] {1, 3, -2}, md.getIntArray("types"));
            assertArrayEquals(new float[] {0f, -1.25f, 3e9f}, md.getFloatArray("scores"));
            assertArrayEquals(new int[] {0, 255}, md.getIntArray("u8s"));
            assertArrayEquals(new boolean[] {true, false}, (boolean[]) md.getArray("bools").values());
            assertArrayEquals(new float[] {2.5f, -1f}, md.getFloatArray("f64s"));
            assertArrayEquals(new long[] {7, -1}, (long[]) md.getArray("u64s").values());
            GgufArray[] nested = (GgufArray[]) md.getArray("nested").values();
            assertEquals(GgufArray.ofInt32(1, 2), nested[0]);
            assertEquals(GgufArray.ofStrings("x"), nested[1]);
            assertEquals(0, nested[2].size());
            assertEquals(GgufValueType.UINT8, md.type("u8").orElseThrow());
            assertEquals("general.architecture", md.keys().iterator().next());
            assertFalse(md.has("nope"));
            assertEquals(7, md.getInt("nope", 7));
            GgufFormatException missing = assertThrows(GgufFormatException.class, () -> md.getString("nope"));
            assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains(f.toString()));
            GgufFormatException wrong = assertThrows(GgufFormatException.class, () -> md.getString("i32"));
            assertTrue(wrong.getMessage().contains("i32"));
            assertThrows(GgufFormatException.class, () -> md.getStringArray("types"));
        }
    }

    @Test
    void copiedMetadataRoundTripsWithTypes() {
        Path a = dir.resolve("a.gguf");
        Path b = dir.resolve("b.gguf");
        everyValueType().write(a);
        try (GgufFile g = GgufFile.open(a)) {
            new GgufWriter().putAll(g.metadata()).write(b);
        }
        try (GgufFile ga = GgufFile.open(a); GgufFile gb = GgufFile.open(b)) {
            for (String k : ga.metadata().keys()) {
                assertEquals(ga.metadata().type(k), gb.metadata().type(k), k);
                assertEquals(ga.metadata().get(k), gb.metadata().get(k), k);
            }
        }
        // our writer is deterministic: same input, same bytes
        try {
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tensorsRoundTripAlignedAndMapped() {
        Path f = dir.resolve("t.gguf");
        byte[] a = new byte[4 * 3 * 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) i;
        }
        byte[] q = new byte[34 * 2 * 7];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) (i * 31);
        }
        new GgufWriter().putString("general.architecture", "x").putUInt32("general.alignment", 64)
                .addTensor("a", GgmlType.F32, new long[] {3, 5}, a)
                .addTensor("blk.0.q", GgmlType.Q8_0, new long[] {64, 7}, () -> q)
                .addTensor("one", GgmlType.F16, new long[] {1}, new byte[2])
                .write(f);
        try (GgufFile g = GgufFile.open(f)) {
            assertEquals(64, g.alignment());
            assertEquals(0, g.dataStart() % 64);
            assertEquals(List.of("a", "blk.0.q", "one"), g.tensors().stream().map(GgufTensorInfo::name).toList());
            GgufTensorInfo ta = g.tensor("a");
            assertArrayEquals(new long[] {3, 5}, ta.shape());
            assertEquals(15, ta.elementCount());
            assertEquals(GgmlType.F32, ta.type());
            GgufTensorInfo tq = g.tensor("blk.0.q");
            assertEquals(0, tq.offset() % 64);
            assertEquals(q.length, tq.byteSize());
            assertArrayEquals(a, g.data(ta).toArray(ValueLayout.JAVA_BYTE));
            MemorySegment sq = g.data(tq);
            assertArrayEquals(q, sq.toArray(ValueLayout.JAVA_BYTE));
            assertTrue(sq.isReadOnly());
            assertTrue(sq.isMapped());
            assertTrue(g.findTensor("missing").isEmpty());
            // llama.cpp requires offsets contiguous in table order, each tensor padded to the alignment
            long expected = 0;
            for (GgufTensorInfo t : g.tensors()) {
                assertEquals(expected, t.offset(), t.name());
                expected = (t.offset() + t.byteSize() + 63) / 64 * 64;
            }
            assertEquals(g.dataStart() + expected, g.fileSize());
            GgufFormatException e = assertThrows(GgufFormatException.class, () -> g.tensor("blk.3.ffn_up.weight"));
            assertTrue(e.getMessage().contains("blk.3.ffn_up.weight") && e.getMessage().contains(f.toString()));
        }
    }

    @Test
    void writerRejectsWrongSizes() {
        GgufWriter w = new GgufWriter();
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x", GgmlType.F32, new long[] {4}, new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> w.addTensor("x", GgmlType.Q8_0, new long[] {16}, new byte[17]));
        assertThrows(IllegalArgumentException.class, () -> w.put("k", GgufValueType.FLOAT32, 1.0));
        assertThrows(IllegalArgumentException.class, () -> w.putInt32("general.alignment", 64));
    }

    @Test
    void typeGeometry() {
        assertEquals(GgmlType.Q4_K, GgmlType.fromId(12));
        assertEquals(34, GgmlType.Q8_0.bytesFor(32));
        assertEquals(144 * 3, GgmlType.Q4_K.bytesFor(768));
        assertThrows(IllegalArgumentException.class, () -> GgmlType.Q4_K.bytesFor(100));
        assertThrows(IllegalArgumentException.class, () -> GgmlType.fromId(4));
        assertThrows(IllegalArgumentException.class, () -> GgmlType.fromId(1000));
        assertTrue(GgmlType.BF16.supported());
        assertFalse(GgmlType.Q2_K.supported());
    }
}
