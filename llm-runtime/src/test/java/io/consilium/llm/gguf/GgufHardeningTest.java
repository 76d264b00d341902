package io.consilium.llm.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, corrupt and hostile files: each must give one GgufFormatException, never another throwable. */
class GgufHardeningTest {

    @TempDir
    Path dir;

    private byte[] validFile() throws IOException {
        Path f = dir.resolve("valid.gguf");
        GgufRoundTripTest.everyValueType()
                .addTensor("w", GgmlType.Q8_0, new long[] {32, 2}, new byte[68])
                .addTensor("n", GgmlType.F32, new long[] {3}, new byte[12])
                .write(f);
        return Files.readAllBytes(f);
    }

    /** Opens the bytes; returns null on success or the GgufFormatException; fails the test on anything else. */
    private GgufFormatException tryOpen(byte[] bytes, String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        try (GgufFile g = GgufFile.open(f)) {
            for (GgufTensorInfo t : g.tensors()) {
                g.data(t);
            }
            for (String k : g.metadata().keys()) {
                g.metadata().get(k);
            }
            return null;
        } catch (GgufFormatException e) {
            assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
            return e;
        } catch (Throwable t) {
            throw new AssertionError("not a GgufFormatException for " + name + ": " + t, t);
        }
    }

    private GgufFormatException expectFail(byte[] bytes, String name, String messagePart) throws IOException {
        GgufFormatException e = tryOpen(bytes, name);
        if (e == null) {
            fail(name + ": expected a GgufFormatException");
        }
        assertTrue(e.getMessage().contains(messagePart), name + ": " + e.getMessage());
        return e;
    }

    @Test
    void truncatedAtEveryOffsetFails() throws IOException {
        byte[] full = validFile();
        assertEquals(null, tryOpen(full, "full.gguf"));
        long dataEnd;
        try (GgufFile g = GgufFile.open(dir.resolve("full.gguf"))) {
            GgufTensorInfo last = g.tensors().getLast();
            dataEnd = g.dataStart() + last.offset() + last.byteSize();
        }
        // only the trailing alignment padding after the last tensor may be cut without losing anything
        for (int n = 0; n < dataEnd; n++) {
            expectFail(Arrays.copyOf(full, n), "trunc.gguf", "");
        }
    }

    @Test
    void randomCorruptionNeverThrowsAnythingElse() throws IOException {
        byte[] full = validFile();
        Random r = new Random(42);
        for (int i = 0; i < 400; i++) {
            byte[] b = full.clone();
            int flips = 1 + r.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = r.nextInt(Math.min(b.length, 900));
                b[at] = switch (r.nextInt(3)) {
                    case 0 -> (byte) r.nextInt();
                    case 1 -> (byte) 0xff;
                    default -> (byte) (b[at] ^ (1 << r.nextInt(8)));
                };
            }
            tryOpen(b, "rand.gguf");
        }
    }

    @Test
    void headerProblems() throws IOException {
        byte[] full = validFile();
        byte[] magic = full.clone();
        magic[0] = 'X';
        expectFail(magic, "magic.gguf", "bad magic");
        expectFail(withI32(full, 4, 1), "v1.gguf", "unsupported GGUF version 1");
        expectFail(withI32(full, 4, 7), "v7.gguf", "unsupported GGUF version 7");
        expectFail(withI32(full, 4, Integer.reverseBytes(3)), "be.gguf", "big-endian");
        expectFail(withI64(full, 8, Long.MAX_VALUE), "ntensors.gguf", "tensor count");
        expectFail(withI64(full, 16, -1), "nkv.gguf", "key/value count");
        expectFail(new byte[0], "empty.gguf", "too short");
        assertTrue(tryOpen(withI32(full, 4, 2), "v2.gguf") == null, "v2 reads");
    }

    @Test
    void hostileLengthsAndTypes() throws IOException {
        byte[] full = validFile();
        // first key string length at offset 24
        expectFail(withI64(full, 24, 1L << 40), "keylen.gguf", "beyond the end");
        expectFail(withI64(full, 24, -5), "keylen2.gguf", "beyond the end");
        int typeAt = 24 + 8 + "general.architecture".length();
        expectFail(withI32(full, typeAt, 99), "vtype.gguf", "unknown value type 99");
        // an array whose count claims more elements than the file holds
        byte[] arr = hostileFile(w -> w.putInt(GgufValueType.ARRAY.id()).putInt(GgufValueType.INT32.id()).putLong(1L << 50));
        expectFail(arr, "arr.gguf", "array length");
        byte[] nested = hostileFile(w -> {
            for (int i = 0; i < 20; i++) {
                w.putInt(GgufValueType.ARRAY.id()).putLong(1);
            }
        });
        tryOpenExpectingFailure(nested, "nest.gguf");
        // a huge array the file really holds would still cost a huge Java array: refused (bools: 1 byte each)
        byte[] manyBools = hostileFile(w -> w.putInt(GgufValueType.ARRAY.id()).putInt(GgufValueType.BOOL.id())
                .putLong(GgufParser.MAX_ARRAY_LENGTH + 1L));
        expectFail(java.util.Arrays.copyOf(manyBools, manyBools.length + GgufParser.MAX_ARRAY_LENGTH + 1),
                "manybools.gguf", "exceeds the limit");
        byte[] badBool = hostileFile(w -> w.putInt(GgufValueType.BOOL.id()).put((byte) 7));
        expectFail(badBool, "bool.gguf", "bool");
    }

    private void tryOpenExpectingFailure(byte[] b, String name) throws IOException {
        expectFail(b, name, "");
    }

    @Test
    void tensorTableProblems() throws IOException {
        expectFail(tensorFile("t", 99, 32, 0, 64), "ttype.gguf", "unknown ggml type id 99");
        expectFail(tensorFile("t", GgmlType.F32.id(), 32, 1L << 40, 64), "oob.gguf", "outside the data section");
        expectFail(tensorFile("t", GgmlType.F32.id(), 32, 8, 200), "misaligned.gguf", "not a multiple of the alignment");
        expectFail(tensorFile("t", GgmlType.Q8_0.id(), 31, 0, 64), "block.gguf", "block size");
        expectFail(tensorFile("t", GgmlType.F32.id(), 1L << 62, 0, 64), "huge.gguf", "");
        expectFail(tensorFile("t", GgmlType.F32.id(), -4, 0, 64), "neg.gguf", "negative");
        Path f = dir.resolve("dups.gguf");
        // two tensors with the same name and overlapping data, hand-built
        ByteBuffer b = header(2, 0);
        for (int i = 0; i < 2; i++) {
            putStr(b, "dup" + 0);
            b.putInt(1).putLong(8).putInt(0).putLong(0);
        }
        expectFail(finish(b, 64), "dup.gguf", "duplicate tensor name 'dup0'");
        b = header(2, 0);
        putStr(b, "a");
        b.putInt(1).putLong(16).putInt(0).putLong(0);
        putStr(b, "b");
        b.putInt(1).putLong(16).putInt(0).putLong(32);
        expectFail(finish(b, 128), "overlap.gguf", "overlap");
        assertTrue(f.getFileName() != null);
    }

    @Test
    void missingFileAndDirectory() {
        Path nope = dir.resolve("nope.gguf");
        GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(nope));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains(nope.toString()));
        assertThrows(GgufFormatException.class, () -> GgufFile.open(dir));
    }

    // ---- hand-built files ----

    private interface KvBody {
        void write(ByteBuffer b);
    }

    /** A file with one key "k" whose type id and value bytes the body writes. */
    private byte[] hostileFile(KvBody body) {
        ByteBuffer b = header(0, 1);
        putStr(b, "k");
        body.write(b);
        return finish(b, 0);
    }

    private byte[] tensorFile(String name, int type, long ne0, long offset, int dataBytes) {
        ByteBuffer b = header(1, 0);
        putStr(b, name);
        b.putInt(1).putLong(ne0).putInt(type).putLong(offset);
        return finish(b, dataBytes);
    }

    private static ByteBuffer header(long nTensors, long nKv) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(GgufParser.MAGIC).putInt(3).putLong(nTensors).putLong(nKv);
        return b;
    }

    private static void putStr(ByteBuffer b, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        b.putLong(u.length).put(u);
    }

    private static byte[] finish(ByteBuffer b, int dataBytes) {
        int end = (int) GgufParser.alignUp(b.position(), 32) + dataBytes;
        return Arrays.copyOf(b.array(), end);
    }

    private static byte[] withI32(byte[] src, int at, int v) {
        byte[] b = src.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
        return b;
    }

    private static byte[] withI64(byte[] src, int at, long v) {
        byte[] b = src.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
        return b;
    }
}
