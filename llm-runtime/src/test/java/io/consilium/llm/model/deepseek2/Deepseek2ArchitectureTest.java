package io.consilium.llm.model.deepseek2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.model.block.HeadMatrices;
import io.consilium.llm.tensor.ComputePool;
import io.consilium.llm.tensor.Kernels;
import io.consilium.llm.tensor.Quantizer;
import io.consilium.llm.tensor.WeightMatrix;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class Deepseek2ArchitectureTest {
    @Test
    void legacyKvBSplitsIntoTransposedKAndPlainV() {
        int nHead = 2;
        int nope = 3;
        int v = 2;
        int lora = 4;
        float[] kvB = new float[nHead * (nope + v) * lora];
        for (int i = 0; i < kvB.length; i++) {
            kvB[i] = i;
        }
        WeightMatrix kvBMatrix = WeightMatrix.of(GgmlType.F32,
                MemorySegment.ofArray(Quantizer.quantize(GgmlType.F32, kvB)), nHead * (nope + v), lora);
        HeadMatrices[] hm = Deepseek2Architecture.splitKvB(kvBMatrix, nHead, nope, v, lora);
        try (ComputePool pool = new ComputePool(1)) {
            Kernels k = Kernels.scalar(pool);
            for (int h = 0; h < nHead; h++) {
                // W_UK^T · q: out[c] = Σ_j kvB[h*(nope+v)+j][c] · q[j]
                float[] q = {1, 10, 100};
                float[] out = new float[lora];
                hm[0].applyGroup(k, h, 1, q, 0, 0, out, 0, 0);
                for (int c = 0; c < lora; c++) {
                    float want = 0;
                    for (int j = 0; j < nope; j++) {
                        want += kvB[(h * (nope + v) + j) * lora + c] * q[j];
                    }
                    assertEquals(want, out[c], 1e-3);
                }
                float[] lat = {1, 2, 3, 4};
                float[] vo = new float[v];
                hm[1].applyGroup(k, h, 1, lat, 0, 0, vo, 0, 0);
                for (int r = 0; r < v; r++) {
                    float want = 0;
                    for (int c = 0; c < lora; c++) {
                        want += kvB[(h * (nope + v) + nope + r) * lora + c] * lat[c];
                    }
                    assertEquals(want, vo[r], 1e-3);
                }
            }
        }
    }
}
