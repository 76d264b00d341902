package io.consilium.llm.tensor;

import static io.consilium.llm.tensor.Simd.F;
import static io.consilium.llm.tensor.Simd.L;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sum of a float vector's lanes in one fixed order (halves added pairwise: lane i + lane i+L/2, and so on). The
 * order of {@code reduceLanes(ADD)} is unspecified and differs between C2's intrinsic and the Java fallback that
 * runs before a kernel is compiled, so the same row could give different last bits alone and in a batch while the
 * JIT warms up; lanewise adds and rearranges have one result in every mode.
 */
final class LaneSum {

    // each a static final so C2 sees constant shuffles (an array of them cost a third of the Q4_K kernel's speed)
    private static final VectorShuffle<Float> R8 = Simd.L == 16 ? rotation(8) : null;
    private static final VectorShuffle<Float> R4 = Simd.USABLE ? rotation(4) : null;
    private static final VectorShuffle<Float> R2 = Simd.USABLE ? rotation(2) : null;
    private static final VectorShuffle<Float> R1 = Simd.USABLE ? rotation(1) : null;

    /** Rotations within each 8-lane half, for {@link #sum2} (only with 16 lanes). */
    private static final VectorShuffle<Float> H4 = Simd.L == 16 ? halfRotation(4) : null;
    private static final VectorShuffle<Float> H2 = Simd.L == 16 ? halfRotation(2) : null;
    private static final VectorShuffle<Float> H1 = Simd.L == 16 ? halfRotation(1) : null;

    private static final VectorMask<Float> UPPER = Simd.L == 16 ? VectorMask.fromLong(F, 0xFF00L) : null;

    /** Rotations within each 4-lane quarter and the mask of each half's upper quarter, for {@link #sum4}. */
    private static final VectorShuffle<Float> Q2 = Simd.L == 16 ? quarterRotation(2) : null;
    private static final VectorShuffle<Float> Q1 = Simd.L == 16 ? quarterRotation(1) : null;
    private static final VectorMask<Float> UPPER_QUARTERS = Simd.L == 16 ? VectorMask.fromLong(F, 0xF0F0L) : null;

    /** Rotations of a 256-bit half, for {@link #sumStoredHalves} (only with 16 lanes). */
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> S4 = Simd.L == 16 ? VectorShuffle.fromOp(F8, i -> (i + 4) & 7) : null;
    private static final VectorShuffle<Float> S2 = Simd.L == 16 ? VectorShuffle.fromOp(F8, i -> (i + 2) & 7) : null;
    private static final VectorShuffle<Float> S1 = Simd.L == 16 ? VectorShuffle.fromOp(F8, i -> (i + 1) & 7) : null;

    private LaneSum() {
    }

    private static VectorShuffle<Float> rotation(int k) {
        return VectorShuffle.fromOp(F, i -> (i + k) & (F.length() - 1));
    }

    private static VectorShuffle<Float> quarterRotation(int k) {
        return VectorShuffle.fromOp(F, i -> (i & 12) | ((i + k) & 3));
    }

    private static VectorShuffle<Float> halfRotation(int k) {
        return VectorShuffle.fromOp(F, i -> (i & 8) | ((i + k) & 7));
    }

    /**
     * {@link #sum} of a into out[i] and of b into out[i2], bit for bit, in one vector: after the first step a's
     * partial sums go on in lanes 0-7 and b's in lanes 8-15 (the same adds, as float addition commutes exactly).
     * Half the operations of two sums, and a smaller graph for C2 to inline into the kernels.
     */
    static void sum2(FloatVector a, FloatVector b, float[] out, int i, int i2) {
        if (Simd.L != 16) {
            out[i] = sum(a);
            out[i2] = sum(b);
            return;
        }
        FloatVector v = a.add(a.rearrange(R8)).blend(b.add(b.rearrange(R8)), UPPER);
        v = v.add(v.rearrange(H4));
        v = v.add(v.rearrange(H2));
        v = v.add(v.rearrange(H1));
        out[i] = v.lane(0);
        out[i2] = v.lane(8);
    }

    /**
     * {@link #sum} of a, b, c and d into out[i0..i3], bit for bit, in one vector: {@link #sum2}'s halves for a|b and
     * c|d, then c|d's partials moved into each half's upper quarter, so the last two steps serve all four. A 4×4 tile
     * reduces its sixteen accumulators in a quarter of the operations, which keeps the tile small enough for C2 to
     * inline everything (sixteen separate sums did not, and boxed the vectors).
     */
    static void sum4(FloatVector a, FloatVector b, FloatVector c, FloatVector d, float[] out, int i0, int i1, int i2,
                     int i3) {
        if (Simd.L != 16) {
            out[i0] = sum(a);
            out[i1] = sum(b);
            out[i2] = sum(c);
            out[i3] = sum(d);
            return;
        }
        FloatVector ab = a.add(a.rearrange(R8)).blend(b.add(b.rearrange(R8)), UPPER);
        FloatVector cd = c.add(c.rearrange(R8)).blend(d.add(d.rearrange(R8)), UPPER);
        ab = ab.add(ab.rearrange(H4));
        cd = cd.add(cd.rearrange(H4));
        FloatVector v = ab.blend(cd, UPPER_QUARTERS);
        v = v.add(v.rearrange(Q2));
        v = v.add(v.rearrange(Q1));
        out[i0] = v.lane(0);
        out[i1] = v.lane(8);
        out[i2] = v.lane(4);
        out[i3] = v.lane(12);
    }

    /**
     * {@link #sum} of the four vectors stored one after another from s[from] into out[o + t·stride], bit for bit.
     * Kernels with many accumulators store them and call this: their graphs reach C2's inlining node cutoff before the
     * final sums, and a vector passed to a call that is not inlined is boxed (an object and an array per vector per row).
     */
    static void sum4Stored(float[] s, int from, float[] out, int o, int stride) {
        sum4Stored(s, from, out, o, o + stride, o + 2 * stride, o + 3 * stride);
    }

    /** {@link #sum4Stored} with the four results going to out[i0..i3]. */
    static void sum4Stored(float[] s, int from, float[] out, int i0, int i1, int i2, int i3) {
        if (Simd.L == 16) {
            out[i0] = sumStoredHalves(s, from);
            out[i1] = sumStoredHalves(s, from + 16);
            out[i2] = sumStoredHalves(s, from + 32);
            out[i3] = sumStoredHalves(s, from + 48);
            return;
        }
        sum4(FloatVector.fromArray(F, s, from), FloatVector.fromArray(F, s, from + L),
                FloatVector.fromArray(F, s, from + 2 * L), FloatVector.fromArray(F, s, from + 3 * L), out, i0, i1, i2,
                i3);
    }

    /** {@link #sum} of the vector stored at s[at..], bit for bit (for kernels past the inlining cutoff, see sum4Stored). */
    static float sumStored(float[] s, int at) {
        return Simd.L == 16 ? sumStoredHalves(s, at) : sum(FloatVector.fromArray(F, s, at));
    }

    /**
     * {@link #sum} of the 16 floats stored at s[at..], bit for bit, read back as two 256-bit halves: the first step
     * (lane i + lane i+8) is their sum, and the rotations by 4, 2 and 1 within 8 lanes add the same pairs as the
     * 16-lane rotations do in lanes 0-7. A 512-bit load of a just-stored accumulator waited for the store (it was a
     * visible share of a short row's time); the halves do not.
     */
    private static float sumStoredHalves(float[] s, int at) {
        FloatVector v = FloatVector.fromArray(F8, s, at).add(FloatVector.fromArray(F8, s, at + 8));
        v = v.add(v.rearrange(S4));
        v = v.add(v.rearrange(S2));
        v = v.add(v.rearrange(S1));
        return v.lane(0);
    }

    static float sum(FloatVector v) {
        if (Simd.L == 16) {
            v = v.add(v.rearrange(R8));
        }
        v = v.add(v.rearrange(R4));
        v = v.add(v.rearrange(R2));
        v = v.add(v.rearrange(R1));
        return v.lane(0);
    }
}
