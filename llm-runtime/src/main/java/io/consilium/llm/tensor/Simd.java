package io.consilium.llm.tensor;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector species and the shared load/convert/tail helpers the per-type kernels build on. Float vectors
 * use the preferred shape (16 lanes with AVX-512, 8 with AVX2); byte, short and int species have the same
 * lane count so one load of quantized bytes widens into exactly one float vector.
 */
final class Simd {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    /** Whether the vector kernels can run here at all (needs 8+ float lanes: 256-bit vectors or wider). */
    static final boolean USABLE = L >= 8;
    static final VectorSpecies<Byte> B = USABLE ? VectorSpecies.of(byte.class, VectorShape.forBitSize(L * 8)) : null;
    /** 64 bytes: one load covers half a K-quant block's packed quants (fewer, wider segment accesses). */
    static final VectorSpecies<Byte> B64 = L == 16 ? ByteVector.SPECIES_512 : null;
    static final VectorSpecies<Short> S = USABLE ? VectorSpecies.of(short.class, VectorShape.forBitSize(L * 16)) : null;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /**
     * 16 float lanes: a 16-entry dequantization table fits one vector, so 4-bit codes dequantize by a lane
     * permute ({@link IntVector#selectFrom} wraps indices, matching the hardware's use of the low 4 bits).
     */
    static final boolean LOOKUP = L == 16 && !Boolean.getBoolean("consilium.llm.kernels.nolookup");
    /** Lanes 8..15 of a 16-lane float vector (only with {@link #LOOKUP}). */
    static final VectorMask<Float> UPPER_HALF = LOOKUP ? VectorMask.fromLong(F, 0xFF00L) : null;
    private static final float[] IOTA = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};

    private Simd() {
    }

    /** 0, 1, ..., 15 (only with {@link #LOOKUP}). */
    static FloatVector iota() {
        return FloatVector.fromArray(F, IOTA, 0);
    }

    /** L signed bytes at {@code off} widened to floats. */
    static FloatVector bytesToFloats(MemorySegment seg, long off) {
        return (FloatVector) ByteVector.fromMemorySegment(B, seg, off, LE).convertShape(VectorOperators.B2F, F, 0);
    }

    /** L signed bytes at {@code off} widened to int lanes (nibble and bit unpacking is native there on x86). */
    static IntVector bytesToInts(MemorySegment seg, long off) {
        return (IntVector) ByteVector.fromMemorySegment(B, seg, off, LE).convertShape(VectorOperators.B2I, I, 0);
    }

    static FloatVector toFloats(ByteVector v) {
        return (FloatVector) v.convertShape(VectorOperators.B2F, F, 0);
    }

    static ByteVector loadBytes(MemorySegment seg, long off) {
        return ByteVector.fromMemorySegment(B, seg, off, LE);
    }

    /** L IEEE half floats at {@code off} to floats, exactly as {@link Float#float16ToFloat}. */
    static FloatVector halvesToFloats(MemorySegment seg, long off) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, seg, off, LE).convertShape(VectorOperators.S2I, I, 0);
        IntVector mag = h.and(0x7fff);
        // shift the exponent/mantissa into float position, then rescale by 2^112 (fixes the exponent bias and
        // turns half subnormals into float normals exactly)
        FloatVector f = mag.lanewise(VectorOperators.LSHL, 13).reinterpretAsFloats().mul(0x1p112f);
        IntVector bits = f.reinterpretAsInts();
        // Inf/NaN: exponent all ones in half stays all ones in float
        bits = bits.blend(bits.or(0x7f800000), mag.compare(VectorOperators.GE, 0x7c00));
        bits = bits.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16));
        return bits.reinterpretAsFloats();
    }

    /** L bfloat16 values at {@code off} to floats. */
    static FloatVector bf16ToFloats(MemorySegment seg, long off) {
        IntVector h = (IntVector) ShortVector.fromMemorySegment(S, seg, off, LE).convertShape(VectorOperators.S2I, I, 0);
        return h.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    /** Dot product of float arrays; the one place the vector loop and its scalar tail are written. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int i = 0;
        float sum = 0f;
        if (n >= 2 * L) {
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (int bound = n - 2 * L; i <= bound; i += 2 * L) {
                acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
                acc1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), acc1);
            }
            sum = LaneSum.sum(acc0.add(acc1));
        }
        for (; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }

    static float dotScalar(float[] a, int aOff, float[] b, int bOff, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += a[aOff + i] * b[bOff + i];
        }
        return sum;
    }
}
