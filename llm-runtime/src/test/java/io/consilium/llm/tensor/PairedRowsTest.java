package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A kernel's row ranges (rows four at a time, odd ends) give each row exactly its single-row dot2 bits. */
class PairedRowsTest {
    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_K", "Q5_K", "Q6_K", "Q8_0"})
    void rangesEqualSingleRows(GgmlType type) {
        SplittableRandom r = new SplittableRandom(13);
        TypeKernel k = TypeKernel.of(type);
        for (int trial = 0; trial < 60; trial++) {
            int rows = 1 + r.nextInt(40);
            int cols = 256 * (1 + r.nextInt(4));
            float[] w = new float[rows * cols];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) r.nextGaussian();
            }
            MemorySegment seg = MemorySegment.ofArray(Quantizer.quantize(type, w));
            long rb = seg.byteSize() / rows;
            float[] x = new float[cols];
            for (int i = 0; i < cols; i++) {
                x[i] = (float) r.nextGaussian() * (trial % 5 == 0 ? 1e-20f : 1f);
            }
            int len = k.preparedLength(cols);
            float[] xp = len == 0 ? x : new float[len + 3];
            int xOff = len == 0 ? 0 : 3;
            if (len > 0) {
                k.prepare(x, 0, cols, xp, xOff);
            }
            int r0 = r.nextInt(rows);
            int r1 = r0 + 1 + r.nextInt(rows - r0);
            float[] got = new float[rows + 2];
            float[] want = new float[rows + 2];
            for (int rep = 0; rep < 2; rep++) {
                k.pairedRows(seg, rb, xp, xOff, cols, got, 2, r0, r1);
                for (int i = r0; i < r1; i++) {
                    k.dot2(seg, rb * i, 0, xp, xOff, cols, want, 2 + i, 2 + i);
                }
            }
            assertArrayEquals(want, got, 0f, type + " rows " + r0 + ".." + r1 + " of " + rows + "x" + cols);
        }
    }
}
