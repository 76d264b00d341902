package io.consilium.llm.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.consilium.llm.gguf.GgmlType;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PiecesTest {

    @Test
    void everyRowOfEveryProductFallsInExactlyOnePieceAndPiecesHaveSimilarBytes() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 100; trial++) {
            int m = 1 + rnd.nextInt(6);
            Kernels.Matvec[] jobs = new Kernels.Matvec[m];
            long total = 0;
            for (int j = 0; j < m; j++) {
                int rows = 1 + rnd.nextInt(3000);
                int cols = 32 * (1 + rnd.nextInt(40));
                WeightMatrix w = WeightMatrix.of(GgmlType.Q8_0,
                        java.lang.foreign.MemorySegment.ofArray(new byte[rows * (cols / 32) * 34]), rows, cols);
                jobs[j] = new Kernels.Matvec(w, null, null);
                total += w.rowBytes() * rows;
            }
            int threads = 1 + rnd.nextInt(4);
            int[] rowCounts = new int[m];
            long[] costs = new long[m];
            for (int j = 0; j < m; j++) {
                rowCounts[j] = jobs[j].w().rows();
                costs[j] = jobs[j].w().rowBytes() * rowCounts[j];
            }
            Pieces p = Pieces.split(rowCounts, costs, threads);
            int[][] hits = new int[m][];
            for (int j = 0; j < m; j++) {
                hits[j] = new int[jobs[j].w().rows()];
            }
            long target = Math.max(Pieces.MIN_BYTES, total / ((long) threads * Pieces.PER_THREAD));
            for (int i = 0; i < p.count(); i++) {
                WeightMatrix w = jobs[p.job(i)].w();
                assertTrue(p.from(i) < p.to(i), "empty piece " + i);
                assertEquals(0, p.from(i) % Pieces.GRAIN, "piece starts on the grain");
                for (int r = p.from(i); r < p.to(i); r++) {
                    hits[p.job(i)][r]++;
                }
                long bytes = w.rowBytes() * (p.to(i) - p.from(i));
                // a piece is at most about twice the target unless it is one grain of rows
                assertTrue(bytes <= 2 * target + w.rowBytes() * Pieces.GRAIN, "piece " + i + " has " + bytes + " bytes");
            }
            for (int j = 0; j < m; j++) {
                int[] ones = new int[hits[j].length];
                java.util.Arrays.fill(ones, 1);
                assertArrayEquals(ones, hits[j], "rows of product " + j);
            }
        }
    }
}
