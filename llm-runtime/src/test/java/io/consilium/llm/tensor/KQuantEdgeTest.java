package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast K-quant paths (dot2 over the prepared input, the four-token kernel, matvec and matvecRows) against the
 * plain scalar dot on blocks of random raw bytes: every scale/min bit pattern, nibbles 0 and 15, zero, tiny
 * (subnormal) and huge fp16 block scales, and activations mixing zeros, huge and tiny values.
 */
class KQuantEdgeTest {

    private static final short[] HALVES = {0x0000, 0x0001, 0x03FF, 0x0400, 0x3C00, (short) 0xBC00, 0x7BFF, (short) 0xFBFF,
        0x2E66, (short) 0x9A3C, 0x1000};

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_K", "Q5_K", "Q6_K"})
    void fastPathsAgreeWithScalarOnRawBlocks(GgmlType type) {
        TypeKernel k = TypeKernel.of(type);
        int cols = 256 * 3;
        int rows = 24;
        int blockBytes = switch (type) {
            case Q4_K -> Q4KKernel.BYTES;
            case Q5_K -> Q5KKernel.BYTES;
            default -> Q6KKernel.BYTES;
        };
        SplittableRandom r = new SplittableRandom(31 + type.ordinal());
        byte[] raw = new byte[rows * (cols / 256) * blockBytes];
        r.nextBytes(raw);
        MemorySegment seg = MemorySegment.ofArray(raw);
        for (int b = 0; b < raw.length / blockBytes; b++) {
            long o = (long) b * blockBytes;
            int pick = r.nextInt(4);
            // mostly ordinary scales; some blocks all-zero or all-ones nibbles and extreme fp16 scales
            long dOff = type == GgmlType.Q6_K ? o + 208 : o;
            seg.set(TypeKernel.SHORT, dOff, HALVES[r.nextInt(HALVES.length)]);
            if (type != GgmlType.Q6_K) {
                seg.set(TypeKernel.SHORT, o + 2, HALVES[r.nextInt(HALVES.length)]);
            }
            if (pick == 0) {
                seg.asSlice(o + 16, type == GgmlType.Q6_K ? 0 : 128).fill((byte) 0xFF);
            } else if (pick == 1) {
                seg.asSlice(o + 16, type == GgmlType.Q6_K ? 0 : 128).fill((byte) 0);
            }
        }
        WeightMatrix w = WeightMatrix.of(type, seg, rows, cols);
        float[] x = new float[4 * cols];
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (r.nextInt(6)) {
                case 0 -> 0f;
                case 1 -> (float) r.nextGaussian() * 1e4f;
                case 2 -> (float) r.nextGaussian() * 1e-30f;
                default -> (float) r.nextGaussian();
            };
        }
        try (ComputePool pool = new ComputePool(2)) {
            Kernels kv = Kernels.vector(pool);
            float[] mv = new float[4 * rows];
            float[] batched = new float[4 * rows];
            for (int t = 0; t < 4; t++) {
                kv.matvec(w, x, t * cols, mv, t * rows);
            }
            kv.matvecRows(w, x, 4, batched);
            float[] row = new float[cols];
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < rows; i++) {
                    w.dequantizeRow(i, row, 0);
                    double want = 0;
                    double mag = 0;
                    for (int c = 0; c < cols; c++) {
                        want += (double) row[c] * x[t * cols + c];
                        mag += Math.abs((double) row[c] * x[t * cols + c]);
                    }
                    float scalar = k.dotScalar(seg, w.rowBytes() * i, x, t * cols, cols);
                    String what = type + " t=" + t + " row " + i;
                    assertEquals(want, scalar, mag * 2e-5 + 1e-30, what + " scalar");
                    assertEquals(want, mv[t * rows + i], mag * 2e-5 + 1e-30, what + " matvec");
                    assertEquals(mv[t * rows + i], batched[t * rows + i], 0f, what + " batched vs alone");
                }
            }
        }
    }
}
