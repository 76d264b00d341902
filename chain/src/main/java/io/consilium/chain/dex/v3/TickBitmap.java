package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;

/**
 * The set of initialized ticks as UniswapV3's TickBitmap keeps it: one 256-bit word (four longs) per
 * 256 compressed ticks, searched never beyond the current word. The word boundary matters for
 * exactness, because the pool's swap loop ends a step there even when no tick is initialized, and
 * each step rounds on its own. Words are allocated when a tick in them is first set.
 */
public final class TickBitmap {
    /** Word positions of every tick a pool can hold (and the one below MIN_TICK a search starts from). */
    private static final int OFFSET = (-TickMath.MIN_TICK >> 8) + 2;
    private final long[][] words = new long[2 * OFFSET + 1][];
    private int size;

    /** Marks the tick initialized if it was not, and uninitialized if it was (TickBitmap.flipTick). */
    public void flipTick(int tick, int tickSpacing) {
        if (tick % tickSpacing != 0) {
            throw new DexRevert("tick not spaced");
        }
        int c = tick / tickSpacing;
        int w = (c >> 8) + OFFSET;
        if (w < 0 || w >= words.length) {
            throw new DexRevert("tick out of range");
        }
        long[] word = words[w];
        if (word == null) {
            word = words[w] = new long[4];
        }
        int bit = c & 0xff;
        long mask = 1L << bit;
        word[bit >>> 6] ^= mask;
        size += (word[bit >>> 6] & mask) != 0 ? 1 : -1;
    }

    public boolean isInitialized(int tick, int tickSpacing) {
        if (tick % tickSpacing != 0) {
            return false;
        }
        int c = tick / tickSpacing;
        long[] word = word(c >> 8);
        return word != null && (word[(c & 0xff) >>> 6] & (1L << c)) != 0;
    }

    public int size() {
        return size;
    }

    private long[] word(int pos) {
        int w = pos + OFFSET;
        return w < 0 || w >= words.length ? null : words[w];
    }

    /**
     * The next initialized tick at or left of {@code tick} (lte) or right of it (!lte), limited to the
     * same bitmap word; if none, the word's edge tick with initialized = false.
     */
    public Next nextInitializedTickWithinOneWord(int tick, int tickSpacing, boolean lte) {
        int c = Math.floorDiv(tick, tickSpacing);
        if (lte) {
            int bit = c & 0xff;
            int wordStart = c - bit;
            long[] word = word(c >> 8);
            if (word != null) {
                int k = bit >>> 6;
                // bits 0..bit of limb k (the shift count is taken mod 64)
                long m = word[k] & (-1L >>> ~bit);
                while (m == 0 && k > 0) {
                    m = word[--k];
                }
                if (m != 0) {
                    return new Next((wordStart + 64 * k + 63 - Long.numberOfLeadingZeros(m)) * tickSpacing, true);
                }
            }
            return new Next(wordStart * tickSpacing, false);
        }
        int from = c + 1;
        int bit = from & 0xff;
        int wordStart = from - bit;
        long[] word = word(from >> 8);
        if (word != null) {
            int k = bit >>> 6;
            long m = word[k] & (-1L << bit);
            while (m == 0 && k < 3) {
                m = word[++k];
            }
            if (m != 0) {
                return new Next((wordStart + 64 * k + Long.numberOfTrailingZeros(m)) * tickSpacing, true);
            }
        }
        return new Next((wordStart + 255) * tickSpacing, false);
    }

    public record Next(int tick, boolean initialized) {}
}
