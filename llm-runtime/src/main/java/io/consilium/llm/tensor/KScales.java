package io.consilium.llm.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The 12-byte packed 6-bit scales and mins of block_q4_K / block_q5_K: sub-blocks 0..3 keep scale and min
 * in the low 6 bits of bytes 0..3 and 4..7; sub-blocks 4..7 keep their low 4 bits in bytes 8..11 and
 * their top 2 bits in the high bits of bytes 0..7.
 */
final class KScales {

    private KScales() {
    }

    /** Packs the 12 scale bytes of a block into a long (bytes 0..7) and an int (bytes 8..11). */
    static long low(MemorySegment w, long scalesOff) {
        return w.get(TypeKernel.LONG, scalesOff);
    }

    static int high(MemorySegment w, long scalesOff) {
        return w.get(TypeKernel.INT, scalesOff + 8);
    }

    private static int byteAt(long lo, int hi, int k) {
        return k < 8 ? (int) (lo >>> (8 * k)) & 0xFF : (hi >>> (8 * (k - 8))) & 0xFF;
    }

    /** Scale of sub-block j (0..7) in the low byte, min in the next byte. */
    static int scaleMin(int j, long lo, int hi) {
        int sc;
        int m;
        if (j < 4) {
            sc = byteAt(lo, hi, j) & 63;
            m = byteAt(lo, hi, j + 4) & 63;
        } else {
            sc = (byteAt(lo, hi, j + 4) & 0xF) | ((byteAt(lo, hi, j - 4) >> 6) << 4);
            m = (byteAt(lo, hi, j + 4) >> 4) | ((byteAt(lo, hi, j) >> 6) << 4);
        }
        return sc | (m << 8);
    }

    /**
     * All 8 scales (or mins) of a block decoded at once, 4 per int, one per byte (SWAR): sub-blocks 0..3 in
     * the first int, 4..7 in the second, packed into a long. Byte j of the result is sub-block j's value.
     */
    static long scales(long lo, int hi) {
        int q0 = (int) lo;
        int q2 = hi;
        int sc03 = q0 & 0x3F3F3F3F;
        int sc47 = (q2 & 0x0F0F0F0F) | ((q0 >>> 2) & 0x30303030);
        return (sc03 & 0xFFFFFFFFL) | ((long) sc47 << 32);
    }

    static long mins(long lo, int hi) {
        int q1 = (int) (lo >>> 32);
        int m03 = q1 & 0x3F3F3F3F;
        int m47 = ((hi >>> 4) & 0x0F0F0F0F) | ((q1 >>> 2) & 0x30303030);
        return (m03 & 0xFFFFFFFFL) | ((long) m47 << 32);
    }

    /** Writes 6-bit scales and mins of 8 sub-blocks into 12 bytes. */
    static void pack(int[] ls, int[] lm, byte[] out) {
        java.util.Arrays.fill(out, (byte) 0);
        for (int j = 0; j < 8; j++) {
            if (j < 4) {
                out[j] = (byte) ls[j];
                out[j + 4] = (byte) lm[j];
            } else {
                out[j + 4] = (byte) ((ls[j] & 0xF) | ((lm[j] & 0xF) << 4));
                out[j - 4] |= (byte) ((ls[j] >> 4) << 6);
                out[j] |= (byte) ((lm[j] >> 4) << 6);
            }
        }
    }

    /**
     * The shared part of the Q4_K and Q5_K reference quantizers: per 32-element sub-block a scale/min
     * search, then 6-bit super-block scales, then the levels re-quantized against the rounded scales.
     * Writes d, dmin and the 12 scale bytes at {@code o}; fills {@code levels} (256 entries, 0..nmax).
     */
    static void quantizeSuperBlock(float[] x, int xo, int nmax, float rmin, float rdelta, int nstep,
                                   MemorySegment dst, long o, byte[] levels) {
        float[] weights = new float[32];
        float[] scales = new float[8];
        float[] mins = new float[8];
        float[] minOut = new float[1];
        float maxScale = 0;
        float maxMin = 0;
        for (int j = 0; j < 8; j++) {
            float sumX2 = 0;
            for (int l = 0; l < 32; l++) {
                sumX2 += x[xo + 32 * j + l] * x[xo + 32 * j + l];
            }
            float avX = (float) Math.sqrt(sumX2 / 32);
            for (int l = 0; l < 32; l++) {
                weights[l] = avX + Math.abs(x[xo + 32 * j + l]);
            }
            scales[j] = QuantMath.scaleMinQuants(32, nmax, x, xo + 32 * j, weights, levels, 32 * j, minOut,
                    rmin, rdelta, nstep);
            mins[j] = minOut[0];
            maxScale = Math.max(maxScale, scales[j]);
            maxMin = Math.max(maxMin, mins[j]);
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        int[] ls = new int[8];
        int[] lm = new int[8];
        for (int j = 0; j < 8; j++) {
            ls[j] = Math.min(63, QuantMath.nearestInt(invScale * scales[j]));
            lm[j] = Math.min(63, QuantMath.nearestInt(invMin * mins[j]));
        }
        byte[] packed = new byte[12];
        pack(ls, lm, packed);
        TypeKernel.putHalf(dst, o, maxScale / 63f);
        TypeKernel.putHalf(dst, o + 2, maxMin / 63f);
        MemorySegment.copy(MemorySegment.ofArray(packed), 0, dst, o + 4, 12);
        float d = TypeKernel.half(dst, o);
        float dmin = TypeKernel.half(dst, o + 2);
        for (int j = 0; j < 8; j++) {
            float dj = d * ls[j];
            if (dj == 0f) {
                continue;
            }
            float dm = dmin * lm[j];
            for (int l = 0; l < 32; l++) {
                int q = QuantMath.nearestInt((x[xo + 32 * j + l] + dm) / dj);
                levels[32 * j + l] = (byte) Math.max(0, Math.min(nmax, q));
            }
        }
    }
}
