package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class QuantizationTest {

    /** Relative RMS error bound (rms(deq - x) / rms(x)) per type on Gaussian data. */
    static final Map<GgmlType, Double> RMS_BOUND = Map.of(
            GgmlType.F32, 0.0,
            GgmlType.F16, 1e-3,
            GgmlType.BF16, 5e-3,
            GgmlType.Q8_0, 0.01,
            GgmlType.Q6_K, 0.025,
            GgmlType.Q5_K, 0.05,
            GgmlType.Q4_K, 0.10,
            GgmlType.Q4_0, 0.12);

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void quantizeDequantizeErrorWithinBound(GgmlType type) {
        int n = 256 * 24;
        float[] x = TensorTestData.gaussian(7, n, 1.3f);
        x[5] = 0f;
        x[300] = 9f; // an outlier in one block
        byte[] q = Quantizer.quantize(type, x);
        assertEquals(type.bytesFor(n), q.length);
        float[] y = Dequantizer.dequantize(type, MemorySegment.ofArray(q), n);
        double err = 0;
        double ref = 0;
        for (int i = 0; i < n; i++) {
            err += (y[i] - x[i]) * (double) (y[i] - x[i]);
            ref += x[i] * (double) x[i];
        }
        double rel = Math.sqrt(err / ref);
        assertTrue(rel <= RMS_BOUND.get(type), type + " relative RMS error " + rel);
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void vectorDequantizeMatchesScalar(GgmlType type) {
        int n = 256 * 4;
        byte[] q = Quantizer.quantize(type, TensorTestData.gaussian(11, n, 0.7f));
        MemorySegment seg = MemorySegment.ofArray(q);
        float[] a = new float[n + 3];
        float[] b = new float[n + 3];
        TypeKernel k = TypeKernel.of(type);
        k.dequantize(seg, 0, a, 3, n);
        k.dequantizeScalar(seg, 0, b, 3, n);
        for (int i = 0; i < n + 3; i++) {
            assertEquals(b[i], a[i], Math.abs(b[i]) * 1e-6 + 1e-7, type + " element " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q8_0", "Q4_0", "Q4_K", "Q5_K", "Q6_K"})
    void constantAndZeroBlocksAreExact(GgmlType type) {
        int n = 512;
        float[] zeros = new float[n];
        assertArrayEquals(zeros, Dequantizer.dequantize(type, MemorySegment.ofArray(Quantizer.quantize(type, zeros)), n), 0f);
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 0.25f);
        float[] back = Dequantizer.dequantize(type, MemorySegment.ofArray(Quantizer.quantize(type, ones)), n);
        for (float v : back) {
            assertEquals(0.25f, v, 0.25f * 0.01f, type.toString());
        }
    }

    @Test
    void halfConversionMatchesJdkForEveryBitPattern() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(2L * 65536);
            for (int i = 0; i < 65536; i++) {
                seg.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i, (short) i);
            }
            float[] vec = new float[65536];
            F16Kernel.INSTANCE.dequantize(seg, 0, vec, 0, 65536);
            for (int i = 0; i < 65536; i++) {
                float want = Float.float16ToFloat((short) i);
                if (Float.isNaN(want)) {
                    assertTrue(Float.isNaN(vec[i]), "NaN half 0x" + Integer.toHexString(i));
                    continue;
                }
                assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(vec[i]),
                        "half 0x" + Integer.toHexString(i) + ": " + want + " vs " + vec[i]);
            }
        }
    }

    @Test
    void packedScaleDecodingAgreesWithPerSubBlockDecoding() {
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < 1000; i++) {
            long lo = r.nextLong();
            int hi = r.nextInt();
            long scs = KScales.scales(lo, hi);
            long ms = KScales.mins(lo, hi);
            for (int j = 0; j < 8; j++) {
                int sm = KScales.scaleMin(j, lo, hi);
                assertEquals(sm & 0xFF, (int) (scs >>> (8 * j)) & 0xFF, "scale " + j);
                assertEquals(sm >> 8, (int) (ms >>> (8 * j)) & 0xFF, "min " + j);
            }
        }
    }

    @Test
    void bf16RoundsToNearestEven() {
        assertEquals((short) 0x3f80, BF16Kernel.fromFloat(1.0f));
        assertEquals((short) 0x3f80, BF16Kernel.fromFloat(Float.intBitsToFloat(0x3f808000))); // tie -> even
        assertEquals((short) 0x3f82, BF16Kernel.fromFloat(Float.intBitsToFloat(0x3f818000))); // tie -> even (up)
        assertEquals((short) 0x3f81, BF16Kernel.fromFloat(Float.intBitsToFloat(0x3f808001)));
        assertTrue(Float.isNaN(BF16Kernel.toFloat(BF16Kernel.fromFloat(Float.NaN))));
    }

    /** Hand-built blocks pin the byte layout to ggml's (not merely self-consistent). */
    @Test
    void handBuiltBlocksDequantizeAsGgmlDefines() {
        // Q8_0: d = 0.5, q[j] = j - 16
        byte[] q8 = new byte[34];
        MemorySegment s8 = MemorySegment.ofArray(q8);
        TypeKernel.putHalf(s8, 0, 0.5f);
        for (int j = 0; j < 32; j++) {
            q8[2 + j] = (byte) (j - 16);
        }
        float[] y = Dequantizer.dequantize(GgmlType.Q8_0, s8, 32);
        assertEquals(-8f, y[0]);
        assertEquals(7.5f, y[31]);
        // Q4_0: d = 1, byte j = lo nibble j%16, hi nibble 15-j -> element j = j-8, element 16+j = 7-j
        byte[] q4 = new byte[18];
        MemorySegment s4 = MemorySegment.ofArray(q4);
        TypeKernel.putHalf(s4, 0, 1f);
        for (int j = 0; j < 16; j++) {
            q4[2 + j] = (byte) (j | ((15 - j) << 4));
        }
        y = Dequantizer.dequantize(GgmlType.Q4_0, s4, 32);
        assertEquals(-8f, y[0]);
        assertEquals(7f, y[15]);
        assertEquals(7f, y[16]);
        assertEquals(-8f, y[31]);
        // Q4_K: d = 1, dmin = 1; sub-block 0 scale 2 min 1; sub-block 5 scale 33 (needs high bits) min 17
        byte[] qk = new byte[144];
        MemorySegment sk = MemorySegment.ofArray(qk);
        TypeKernel.putHalf(sk, 0, 1f);
        TypeKernel.putHalf(sk, 2, 1f);
        int[] ls = {2, 0, 0, 0, 0, 33, 0, 0};
        int[] lm = {1, 0, 0, 0, 0, 17, 0, 0};
        byte[] packed = new byte[12];
        KScales.pack(ls, lm, packed);
        System.arraycopy(packed, 0, qk, 4, 12);
        qk[16] = (byte) 0x3;            // element 0: q=3 (sub-block 0)
        qk[16 + 64 + 1] = (byte) 0x50;  // element 64*2+32+1 = 161: q=5 (sub-block 5, high nibble of 3rd run)
        y = Dequantizer.dequantize(GgmlType.Q4_K, sk, 256);
        assertEquals(2 * 3 - 1, y[0]);
        assertEquals(-1f, y[1]);
        assertEquals(33 * 5 - 17, y[161]);
        assertEquals(-17f, y[160]);
        // Q6_K: d = 1, scales all 1 except scale 15 = -2; element 255 = q(ql[127] hi, qh[63] bits 6..7) - 32
        byte[] q6 = new byte[210];
        MemorySegment s6 = MemorySegment.ofArray(q6);
        TypeKernel.putHalf(s6, 208, 1f);
        for (int i = 0; i < 16; i++) {
            q6[192 + i] = 1;
        }
        q6[192 + 15] = -2;
        q6[127] = (byte) 0xA0;       // high nibble 10
        q6[128 + 63] = (byte) 0xC0;  // bits 6..7 = 3 -> q = 10 | 48 = 58
        y = Dequantizer.dequantize(GgmlType.Q6_K, s6, 256);
        assertEquals(-2 * (58 - 32), y[255]);
        assertEquals(-32f, y[0]);
    }
}
