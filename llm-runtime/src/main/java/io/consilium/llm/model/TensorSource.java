package io.consilium.llm.model;

import io.consilium.llm.LlmUserError;
import io.consilium.llm.gguf.GgmlType;
import io.consilium.llm.gguf.GgufFile;
import io.consilium.llm.gguf.GgufTensorInfo;
import io.consilium.llm.tensor.Dequantizer;
import io.consilium.llm.tensor.WeightMatrix;
import java.util.Arrays;
import java.util.Optional;

/**
 * Named access to a GGUF's tensors with shape checks: a missing tensor, a wrong shape or a type the kernels do
 * not compute is a user error naming the file and tensor. Matrices stay in the mapped file; only 1-D tensors
 * (norms, biases) are copied to the heap as floats.
 */
public final class TensorSource {
    private final GgufFile file;

    public TensorSource(GgufFile file) {
        this.file = file;
    }

    public GgufFile file() {
        return file;
    }

    public boolean has(String name) {
        return file.findTensor(name).isPresent();
    }

    /** A matrix with ggml shape [cols, rows] (rows = output dimension). */
    public WeightMatrix matrix(String name, int cols, int rows) {
        GgufTensorInfo t = require(name);
        checkShape(t, cols, rows);
        checkType(t);
        return WeightMatrix.of(t.type(), file.data(t), rows, cols);
    }

    public Optional<WeightMatrix> optMatrix(String name, int cols, int rows) {
        return has(name) ? Optional.of(matrix(name, cols, rows)) : Optional.empty();
    }

    /** Stacked experts with ggml shape [cols, rows, nExpert], viewed as one (nExpert·rows) × cols matrix. */
    public WeightMatrix experts(String name, int cols, int rows, int nExpert) {
        GgufTensorInfo t = require(name);
        checkShape(t, cols, rows, nExpert);
        checkType(t);
        return WeightMatrix.of(t.type(), file.data(t), rows * nExpert, cols);
    }

    /** A 1-D tensor of n values, dequantized to floats. */
    public float[] vector(String name, int n) {
        GgufTensorInfo t = require(name);
        checkShape(t, n);
        return floats(t);
    }

    public float[] optVector(String name, int n) {
        return has(name) ? vector(name, n) : null;
    }

    /** The whole tensor as floats in ggml element order (used for small matrices that are re-laid out). */
    public float[] floats(String name, long... shape) {
        GgufTensorInfo t = require(name);
        checkShape(t, shape);
        return floats(t);
    }

    private float[] floats(GgufTensorInfo t) {
        checkType(t);
        long count = t.elementCount();
        if (count > Integer.MAX_VALUE - 16) {
            throw new LlmUserError("tensor '" + t.name() + "' in " + file.path() + " is too large to dequantize");
        }
        float[] out = new float[(int) count];
        Dequantizer.dequantize(t.type(), file.data(t), 0, out, 0, out.length);
        return out;
    }

    private GgufTensorInfo require(String name) {
        return file.findTensor(name).orElseThrow(() -> new LlmUserError("model file " + file.path()
                + " lacks tensor '" + name + "'; the file is incomplete or not a " + "model of this architecture"));
    }

    private void checkShape(GgufTensorInfo t, long... expected) {
        long[] shape = t.shape();
        long[] trimmed = shape;
        int n = shape.length;
        while (n > expected.length && shape[n - 1] == 1) {
            n--;
        }
        if (n != shape.length) {
            trimmed = Arrays.copyOf(shape, n);
        }
        if (!Arrays.equals(trimmed, expected)) {
            throw new LlmUserError("tensor '" + t.name() + "' in " + file.path() + " has shape "
                    + Arrays.toString(shape) + " but the metadata implies " + Arrays.toString(expected));
        }
    }

    private void checkType(GgufTensorInfo t) {
        GgmlType type = t.type();
        if (!type.supported()) {
            throw new LlmUserError("tensor '" + t.name() + "' in " + file.path() + " has type " + type
                    + ", which this runtime does not compute (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K,"
                    + " Q6_K); re-quantize the model to one of them");
        }
    }
}
