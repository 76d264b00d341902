package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import io.consilium.llm.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * block_q6_K (256 elements): ql[128] low nibbles, qh[64] high 2-bit pairs, int8 scales[16] (one per 16
 * elements), fp16 d at byte 208. Each half of 128 elements uses 64 ql bytes, 32 qh bytes and 8 scales:
 * element l (0..31) of quarter k takes ql[l + 32*(k&1)] (low nibble for k<2, high for k>=2) and bits
 * 2k..2k+1 of qh[l]. value = d * scale * (q - 32).
 */
final class Q6KKernel extends TypeKernel {

    static final Q6KKernel INSTANCE = new Q6KKernel();
    static final int QK = 256;
    static final int BYTES = 210;

    @Override
    GgmlType type() {
        return GgmlType.Q6_K;
    }

    private static int scale(MemorySegment w, long o, int i) {
        return w.get(ValueLayout.JAVA_BYTE, o + 192 + i);
    }

    @Override
    float dot(MemorySegment w, long off, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = acc0;
        FloatVector acc2 = acc0;
        FloatVector acc3 = acc0;
        float[] sc = blockScratch();
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            scales(w, o, sc, 0);
            for (int h = 0; h < 2; h++) {
                long ql = o + 64L * h;
                long qh = o + 128 + 32L * h;
                int xo = xOff + QK * b + 128 * h;
                for (int l = 0; l < 32; l += L) {
                    // unpack in int lanes, where shifts are native; the -32 offset folds into the dequant FMA
                    IntVector hb = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, qh + l, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector a = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, ql + l, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector c = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, ql + 32 + l, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector q1 = a.and(0xF).or(hb.lanewise(VectorOperators.LSHL, 4).and(0x30));
                    IntVector q2 = c.and(0xF).or(hb.lanewise(VectorOperators.LSHL, 2).and(0x30));
                    IntVector q3 = a.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hb.and(0x30));
                    IntVector q4 = c.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hb.lanewise(VectorOperators.ASHR, 2).and(0x30));
                    int is = 8 * h + l / 16;
                    acc0 = ((FloatVector) q1.convert(VectorOperators.I2F, 0)).fma(sc[is], sc[16 + is])
                            .fma(FloatVector.fromArray(F, x, xo + l), acc0);
                    acc1 = ((FloatVector) q2.convert(VectorOperators.I2F, 0)).fma(sc[is + 2], sc[18 + is])
                            .fma(FloatVector.fromArray(F, x, xo + 32 + l), acc1);
                    acc2 = ((FloatVector) q3.convert(VectorOperators.I2F, 0)).fma(sc[is + 4], sc[20 + is])
                            .fma(FloatVector.fromArray(F, x, xo + 64 + l), acc2);
                    acc3 = ((FloatVector) q4.convert(VectorOperators.I2F, 0)).fma(sc[is + 6], sc[22 + is])
                            .fma(FloatVector.fromArray(F, x, xo + 96 + l), acc3);
                }
            }
        }
        return LaneSum.sum(acc0.add(acc1).add(acc2.add(acc3)));
    }

    @Override
    int preparedLength(int n) {
        return Simd.LOOKUP ? Q6KLanes.preparedLength(n) : 0;
    }

    @Override
    void prepare(float[] x, int xOff, int n, float[] dst, int dstOff) {
        Q6KLanes.prepare(x, xOff, n, dst, dstOff);
    }

    /** {@link TypeKernel#pairedRows}'s loop, compiled for this kernel alone (see there why). */
    @Override
    void pairedRows(MemorySegment w, long rb, float[] x, int xOff, int cols, float[] out, int outOff, int r0, int r1) {
        if (Simd.LOOKUP) {
            Q6KLanes.pairedRows(w, rb, x, xOff, cols, out, outOff, r0, r1);
            return;
        }
        int half = (r1 - r0) / 2;
        long gap = rb * half;
        for (int i = 0; i < half; i++) {
            int a = r0 + i;
            dot2(w, rb * a, gap, x, xOff, cols, out, outOff + a, outOff + a + half);
        }
        if (((r1 - r0) & 1) != 0) {
            dot2(w, rb * (r1 - 1), 0, x, xOff, cols, out, outOff + r1 - 1, outOff + r1 - 1);
        }
    }

    @Override
    void dot2(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int n, float[] out, int i, int i2) {
        if (Simd.LOOKUP) {
            Q6KLanes.dot2(w, off, rowBytes, x, xOff, n, out, i, i2);
            return;
        }
        FloatVector a0 = FloatVector.zero(F);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector c0 = a0;
        FloatVector c1 = a0;
        FloatVector c2 = a0;
        FloatVector c3 = a0;
        float[] sc = blockScratch();
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            long p = o + rowBytes;
            scales(w, o, sc, 0);
            scales(w, p, sc, 32);
            for (int h = 0; h < 2; h++) {
                int xo = xOff + QK * b + 128 * h;
                for (int l = 0; l < 32; l += L) {
                    FloatVector x0 = FloatVector.fromArray(F, x, xo + l);
                    FloatVector x1 = FloatVector.fromArray(F, x, xo + 32 + l);
                    FloatVector x2 = FloatVector.fromArray(F, x, xo + 64 + l);
                    FloatVector x3 = FloatVector.fromArray(F, x, xo + 96 + l);
                    int is = 8 * h + l / 16;
                    long u = o + 64L * h + l;
                    IntVector hb = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, o + 128 + 32L * h + l, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector a = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, u, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector c = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, u + 32, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    a0 = ((FloatVector) a.and(0xF).or(hb.lanewise(VectorOperators.LSHL, 4).and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[is], sc[16 + is]).fma(x0, a0);
                    a1 = ((FloatVector) c.and(0xF).or(hb.lanewise(VectorOperators.LSHL, 2).and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[is + 2], sc[18 + is]).fma(x1, a1);
                    a2 = ((FloatVector) a.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hb.and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[is + 4], sc[20 + is]).fma(x2, a2);
                    a3 = ((FloatVector) c.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hb.lanewise(VectorOperators.ASHR, 2).and(0x30))
                            .convert(VectorOperators.I2F, 0)).fma(sc[is + 6], sc[22 + is]).fma(x3, a3);
                    long v = p + 64L * h + l;
                    IntVector hc = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, p + 128 + 32L * h + l, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector e = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, v, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector f = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, v + 32, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    c0 = ((FloatVector) e.and(0xF).or(hc.lanewise(VectorOperators.LSHL, 4).and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[32 + is], sc[48 + is]).fma(x0, c0);
                    c1 = ((FloatVector) f.and(0xF).or(hc.lanewise(VectorOperators.LSHL, 2).and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[34 + is], sc[50 + is]).fma(x1, c1);
                    c2 = ((FloatVector) e.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hc.and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[36 + is], sc[52 + is]).fma(x2, c2);
                    c3 = ((FloatVector) f.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hc.lanewise(VectorOperators.ASHR, 2).and(0x30))
                            .convert(VectorOperators.I2F, 0)).fma(sc[38 + is], sc[54 + is]).fma(x3, c3);
                }
            }
        }
        out[i] = LaneSum.sum(a0.add(a1).add(a2.add(a3)));
        out[i2] = LaneSum.sum(c0.add(c1).add(c2.add(c3)));
    }

    /**
     * Two rows × four activation rows (the serving engine's batched decode step): each weight block is unpacked once
     * for the four tokens, one row at a time (four tokens × four accumulators fill the registers), and every result
     * accumulates exactly as {@link #dot2} does it for that row and token alone.
     */
    @Override
    void dot2x4(MemorySegment w, long off, long rowBytes, float[] x, int xOff, int stride, int n, float[] out, int o,
                int outStride, int pair) {
        if (Simd.LOOKUP) {
            Q6KLanes.row4(w, off, x, xOff, stride, n, out, o, outStride);
            Q6KLanes.row4(w, off + rowBytes, x, xOff, stride, n, out, o + pair, outStride);
            return;
        }
        row4(w, off, x, xOff, stride, n, out, o, outStride);
        row4(w, off + rowBytes, x, xOff, stride, n, out, o + pair, outStride);
    }

    private static void row4(MemorySegment w, long off, float[] x, int xOff, int stride, int n, float[] out, int o,
                             int outStride) {
        FloatVector z = FloatVector.zero(F);
        FloatVector a00 = z, a01 = z, a02 = z, a03 = z; // token 0, quarters 0..3
        FloatVector a10 = z, a11 = z, a12 = z, a13 = z;
        FloatVector a20 = z, a21 = z, a22 = z, a23 = z;
        FloatVector a30 = z, a31 = z, a32 = z, a33 = z;
        float[] sc = blockScratch();
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o0 = off + (long) BYTES * b;
            scales(w, o0, sc, 0);
            for (int h = 0; h < 2; h++) {
                int xo = xOff + QK * b + 128 * h;
                for (int l = 0; l < 32; l += L) {
                    int is = 8 * h + l / 16;
                    long u = o0 + 64L * h + l;
                    IntVector hb = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, o0 + 128 + 32L * h + l, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector a = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, u, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    IntVector c = (IntVector) ByteVector.fromMemorySegment(Simd.B, w, u + 32, Simd.LE).convertShape(VectorOperators.B2I, Simd.I, 0);
                    FloatVector w0 = ((FloatVector) a.and(0xF).or(hb.lanewise(VectorOperators.LSHL, 4).and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[is], sc[16 + is]);
                    FloatVector w1 = ((FloatVector) c.and(0xF).or(hb.lanewise(VectorOperators.LSHL, 2).and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[is + 2], sc[18 + is]);
                    FloatVector w2 = ((FloatVector) a.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hb.and(0x30)).convert(VectorOperators.I2F, 0))
                            .fma(sc[is + 4], sc[20 + is]);
                    FloatVector w3 = ((FloatVector) c.lanewise(VectorOperators.ASHR, 4).and(0xF).or(hb.lanewise(VectorOperators.ASHR, 2).and(0x30))
                            .convert(VectorOperators.I2F, 0)).fma(sc[is + 6], sc[22 + is]);
                    int t0 = xo + l;
                    a00 = w0.fma(FloatVector.fromArray(F, x, t0), a00);
                    a01 = w1.fma(FloatVector.fromArray(F, x, t0 + 32), a01);
                    a02 = w2.fma(FloatVector.fromArray(F, x, t0 + 64), a02);
                    a03 = w3.fma(FloatVector.fromArray(F, x, t0 + 96), a03);
                    int t1 = t0 + stride;
                    a10 = w0.fma(FloatVector.fromArray(F, x, t1), a10);
                    a11 = w1.fma(FloatVector.fromArray(F, x, t1 + 32), a11);
                    a12 = w2.fma(FloatVector.fromArray(F, x, t1 + 64), a12);
                    a13 = w3.fma(FloatVector.fromArray(F, x, t1 + 96), a13);
                    int t2 = t1 + stride;
                    a20 = w0.fma(FloatVector.fromArray(F, x, t2), a20);
                    a21 = w1.fma(FloatVector.fromArray(F, x, t2 + 32), a21);
                    a22 = w2.fma(FloatVector.fromArray(F, x, t2 + 64), a22);
                    a23 = w3.fma(FloatVector.fromArray(F, x, t2 + 96), a23);
                    int t3 = t2 + stride;
                    a30 = w0.fma(FloatVector.fromArray(F, x, t3), a30);
                    a31 = w1.fma(FloatVector.fromArray(F, x, t3 + 32), a31);
                    a32 = w2.fma(FloatVector.fromArray(F, x, t3 + 64), a32);
                    a33 = w3.fma(FloatVector.fromArray(F, x, t3 + 96), a33);
                }
            }
        }
        out[o] = LaneSum.sum(a00.add(a01).add(a02.add(a03)));
        out[o + outStride] = LaneSum.sum(a10.add(a11).add(a12.add(a13)));
        out[o + 2 * outStride] = LaneSum.sum(a20.add(a21).add(a22.add(a23)));
        out[o + 3 * outStride] = LaneSum.sum(a30.add(a31).add(a32.add(a33)));
    }

    /**
     * d*scale[i] of the block's 16 sub-blocks into sc[at..at+15] and -32*d*scale[i] into sc[at+16..at+31]:
     * one vector conversion per block instead of scalar converts and multiplies per weight vector.
     */
    private static void scales(MemorySegment w, long o, float[] sc, int at) {
        float d = half(w, o + 208);
        for (int i = 0; i < 16; i += L) {
            FloatVector s = Simd.bytesToFloats(w, o + 192 + i).mul(d);
            s.intoArray(sc, at + i);
            s.mul(-32f).intoArray(sc, at + 16 + i);
        }
    }

    @Override
    void dequantize(MemorySegment w, long off, float[] out, int outOff, int n) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o + 208);
            for (int h = 0; h < 2; h++) {
                long ql = o + 64L * h;
                long qh = o + 128 + 32L * h;
                int yo = outOff + QK * b + 128 * h;
                for (int l = 0; l < 32; l += L) {
                    IntVector hb = Simd.bytesToInts(w, qh + l);
                    for (int k = 0; k < 4; k++) {
                        IntVector q = Simd.bytesToInts(w, ql + 32 * (k & 1) + l).lanewise(VectorOperators.ASHR, 4 * (k >> 1)).and(0xF)
                                .or(hb.lanewise(VectorOperators.ASHR, 2 * k).lanewise(VectorOperators.LSHL, 4).and(0x30));
                        float s = d * scale(w, o, 8 * h + l / 16 + 2 * k);
                        ((FloatVector) q.convert(VectorOperators.I2F, 0)).fma(s, -32 * s).intoArray(out, yo + 32 * k + l);
                    }
                }
            }
        }
    }

    private static int q(MemorySegment w, long o, int h, int k, int l) {
        int lowByte = u8(w, o + 64L * h + l + 32 * (k & 1));
        int nib = k < 2 ? lowByte & 0xF : lowByte >> 4;
        int hi = (u8(w, o + 128 + 32L * h + l) >> (2 * k)) & 3;
        return (nib | (hi << 4)) - 32;
    }

    @Override
    float dotScalar(MemorySegment w, long off, float[] x, int xOff, int n) {
        float sum = 0f;
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o + 208);
            for (int h = 0; h < 2; h++) {
                for (int k = 0; k < 4; k++) {
                    for (int half16 = 0; half16 < 2; half16++) {
                        float s = 0f;
                        for (int l = 16 * half16; l < 16 * half16 + 16; l++) {
                            s += q(w, o, h, k, l) * x[xOff + QK * b + 128 * h + 32 * k + l];
                        }
                        sum += d * scale(w, o, 8 * h + half16 + 2 * k) * s;
                    }
                }
            }
        }
        return sum;
    }

    @Override
    void dequantizeScalar(MemorySegment w, long off, float[] out, int outOff, int n) {
        int nb = n / QK;
        for (int b = 0; b < nb; b++) {
            long o = off + (long) BYTES * b;
            float d = half(w, o + 208);
            for (int h = 0; h < 2; h++) {
                for (int k = 0; k < 4; k++) {
                    for (int l = 0; l < 32; l++) {
                        out[outOff + QK * b + 128 * h + 32 * k + l] = d * scale(w, o, 8 * h + l / 16 + 2 * k) * q(w, o, h, k, l);
                    }
                }
            }
        }
    }

    @Override
    void quantize(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        byte[] levels = new byte[QK];
        float[] scales = new float[16];
        for (int b = 0; b < n / QK; b++) {
            int xo = srcOff + QK * b;
            long o = dstOff + (long) BYTES * b;
            float maxScale = 0;
            float maxAbsScale = 0;
            for (int ib = 0; ib < 16; ib++) {
                scales[ib] = QuantMath.symmetricQuants(16, 32, src, xo + 16 * ib, levels, 16 * ib);
                if (Math.abs(scales[ib]) > maxAbsScale) {
                    maxAbsScale = Math.abs(scales[ib]);
                    maxScale = scales[ib];
                }
            }
            if (maxAbsScale < 1e-15f) {
                dst.asSlice(o, BYTES).fill((byte) 0);
                continue;
            }
            float iscale = -128f / maxScale;
            putHalf(dst, o + 208, 1 / iscale);
            float d = half(dst, o + 208);
            for (int ib = 0; ib < 16; ib++) {
                int sc = Math.min(127, QuantMath.nearestInt(iscale * scales[ib]));
                dst.set(ValueLayout.JAVA_BYTE, o + 192 + ib, (byte) sc);
                float dj = d * sc;
                if (dj == 0f) {
                    continue;
                }
                for (int l = 0; l < 16; l++) {
                    int q = QuantMath.nearestInt(src[xo + 16 * ib + l] / dj);
                    levels[16 * ib + l] = (byte) (Math.max(-32, Math.min(31, q)) + 32);
                }
            }
            for (int h = 0; h < 2; h++) {
                for (int l = 0; l < 32; l++) {
                    int l1 = levels[128 * h + l];
                    int l2 = levels[128 * h + 32 + l];
                    int l3 = levels[128 * h + 64 + l];
                    int l4 = levels[128 * h + 96 + l];
                    dst.set(ValueLayout.JAVA_BYTE, o + 64L * h + l, (byte) ((l1 & 0xF) | ((l3 & 0xF) << 4)));
                    dst.set(ValueLayout.JAVA_BYTE, o + 64L * h + 32 + l, (byte) ((l2 & 0xF) | ((l4 & 0xF) << 4)));
                    int hb = (l1 >> 4) | ((l2 >> 4) << 2) | ((l3 >> 4) << 4) | ((l4 >> 4) << 6);
                    dst.set(ValueLayout.JAVA_BYTE, o + 128 + 32L * h + l, (byte) hb);
                }
            }
        }
    }
}
