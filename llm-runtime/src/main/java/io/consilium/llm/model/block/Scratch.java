package io.consilium.llm.model.block;

import java.util.Arrays;

/**
 * Per-thread work arrays for the forward pass, reused from call to call. Decoding used to allocate some 60 KB of
 * short-lived arrays per layer and a 128-token prompt ~10 MB per layer; that garbage is what made G1 grow the heap
 * to several hundred MB while the live set stayed near 30 MB. A thread keeps arrays as large as its largest prompt
 * chunk (a few MB at {@code PREFILL_BATCH}). Arrays may be longer than asked for; each slot has one owner on a thread, and
 * owners that nest on the same thread use different slots.
 */
public final class Scratch {
    /** Model level: residual stream, normalised input, block output, final-norm row. */
    public static final int X = 0;
    public static final int XN = 1;
    public static final int Y = 2;
    public static final int H = 3;
    /** Attention. */
    static final int Q = 4;
    static final int K = 5;
    static final int V = 6;
    static final int ATT = 7;
    static final int CS = 8;
    static final int QA = 9;
    /** Feed-forward. */
    static final int LOGITS = 10;
    static final int SG = 11;
    static final int SU = 12;
    static final int G = 13;
    static final int U = 14;
    static final int FY = 15;
    static final int WT = 16;
    /** Inside parallel regions (on worker threads and on the caller while it works). */
    static final int SCORES = 17;
    static final int QABS = 18;
    static final int OLAT = 19;
    /** Prompt chunks (many rows): MoE per-slot results, one expert's output, a dense FFN's gate and up. */
    static final int YS = 20;
    static final int EY = 21;
    static final int G2 = 22;
    static final int U2 = 23;
    /** MLA prompt attention, per head inside its parallel region: expanded keys, values, a block of scores. */
    static final int KF = 24;
    static final int VH = 25;
    static final int SC = 26;
    /** A prompt chunk's MoE inputs, grouped by expert. */
    static final int XIN = 27;
    /** MLA attention per head group, inside its parallel region: the rope half of each key's score. */
    static final int ROPE_SCORES = 28;
    /** MLA prompt attention, per head inside its parallel region: the head's W_UK and W_UV as floats. */
    static final int KD = 29;
    static final int VD = 30;
    private static final int SLOTS = 31;

    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private final float[][] floats = new float[SLOTS][];
    private int[] ints = new int[0];

    private Scratch() {
    }

    /** An array of at least {@code size} floats with unspecified contents. */
    public static float[] floats(int slot, int size) {
        Scratch s = LOCAL.get();
        float[] a = s.floats[slot];
        if (a == null || a.length < size) {
            a = new float[size];
            s.floats[slot] = a;
        }
        return a;
    }

    /** An array of at least {@code size} floats whose first {@code size} are zero. */
    static float[] zeroed(int slot, int size) {
        float[] a = floats(slot, size);
        Arrays.fill(a, 0, size, 0f);
        return a;
    }

    /** At least {@code size} ints with unspecified contents (one slot: the MoE router's selection). */
    static int[] ints(int size) {
        Scratch s = LOCAL.get();
        if (s.ints.length < size) {
            s.ints = new int[size];
        }
        return s.ints;
    }
}
