package io.consilium.chain.dex.v3;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The word bitmap against a sorted set searched within the same 256-tick word (the contract's rule). */
class TickBitmapTest {
    private static TickBitmap.Next reference(TreeSet<Integer> set, int tick, int spacing, boolean lte) {
        int c = Math.floorDiv(tick, spacing);
        if (lte) {
            int wordStart = c - (c & 0xff);
            Integer f = set.floor(c);
            return f != null && f >= wordStart ? new TickBitmap.Next(f * spacing, true) : new TickBitmap.Next(wordStart * spacing, false);
        }
        int from = c + 1;
        int wordEnd = from - (from & 0xff) + 255;
        Integer f = set.ceiling(from);
        return f != null && f <= wordEnd ? new TickBitmap.Next(f * spacing, true) : new TickBitmap.Next(wordEnd * spacing, false);
    }

    @Test
    void matchesSortedSetOnRandomAndEdgeTicks() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int spacing : new int[] {1, 10, 60, 200}) {
            int max = TickMath.MAX_TICK / spacing;
            TickBitmap bm = new TickBitmap();
            TreeSet<Integer> set = new TreeSet<>();
            for (int it = 0; it < 40_000; it++) {
                int c = switch (it % 4) {
                    case 0 -> rnd.nextInt(-max, max + 1);
                    case 1 -> rnd.nextInt(-600, 600);
                    case 2 -> (rnd.nextInt(-20, 20) << 8) + (rnd.nextBoolean() ? 0 : rnd.nextBoolean() ? 255 : rnd.nextInt(62, 66));
                    default -> rnd.nextBoolean() ? -max : max;
                };
                if (Math.abs(c) > max) {
                    continue;
                }
                bm.flipTick(c * spacing, spacing);
                if (!set.remove(c)) {
                    set.add(c);
                }
                assertEquals(set.size(), bm.size());
                assertEquals(set.contains(c), bm.isInitialized(c * spacing, spacing));
                for (int q = 0; q < 4; q++) {
                    int tick = q == 0 ? c * spacing + rnd.nextInt(-3, 4)
                            : q == 1 ? rnd.nextInt(TickMath.MIN_TICK - 1, TickMath.MAX_TICK + 1)
                            : q == 2 ? (rnd.nextBoolean() ? TickMath.MIN_TICK - 1 : TickMath.MAX_TICK)
                            : rnd.nextInt(-3000, 3000);
                    for (boolean lte : new boolean[] {true, false}) {
                        assertEquals(reference(set, tick, spacing, lte), bm.nextInitializedTickWithinOneWord(tick, spacing, lte),
                                "spacing " + spacing + " tick " + tick + " lte " + lte);
                    }
                }
            }
        }
    }
}
