package io.consilium.chain.dex.v3;

import io.consilium.chain.dex.DexRevert;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The set of initialized ticks, searched the way UniswapV3's TickBitmap is: never beyond the current
 * 256-tick word. The word boundary matters for exactness, because the pool's swap loop ends a step
 * there even when no tick is initialized, and each step rounds on its own.
 */
public final class TickBitmap {
    private final NavigableSet<Integer> compressed = new TreeSet<>();

    /** Marks the tick initialized if it was not, and uninitialized if it was (TickBitmap.flipTick). */
    public void flipTick(int tick, int tickSpacing) {
        if (tick % tickSpacing != 0) {
            throw new DexRevert("tick not spaced");
        }
        int c = tick / tickSpacing;
        if (!compressed.remove(c)) {
            compressed.add(c);
        }
    }

    public boolean isInitialized(int tick, int tickSpacing) {
        return tick % tickSpacing == 0 && compressed.contains(tick / tickSpacing);
    }

    public int size() {
        return compressed.size();
    }

    /**
     * The next initialized tick at or left of {@code tick} (lte) or right of it (!lte), limited to the
     * same bitmap word; if none, the word's edge tick with initialized = false.
     */
    public Next nextInitializedTickWithinOneWord(int tick, int tickSpacing, boolean lte) {
        int c = Math.floorDiv(tick, tickSpacing);
        if (lte) {
            int wordStart = c - (c & 0xff);
            Integer found = compressed.floor(c);
            return found != null && found >= wordStart ? new Next(found * tickSpacing, true)
                    : new Next(wordStart * tickSpacing, false);
        }
        int from = c + 1;
        int wordEnd = from - (from & 0xff) + 255;
        Integer found = compressed.ceiling(from);
        return found != null && found <= wordEnd ? new Next(found * tickSpacing, true)
                : new Next(wordEnd * tickSpacing, false);
    }

    public record Next(int tick, boolean initialized) {}
}
