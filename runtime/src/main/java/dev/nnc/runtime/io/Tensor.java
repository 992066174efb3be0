package dev.nnc.runtime.io;

import java.util.Arrays;

/**
 * A dense float tensor: its shape and its elements in row-major (C) order, the layout of
 * safetensors and PyTorch. A scalar has the empty shape and one element.
 *
 * <p>The arrays are shared, not copied: a model's parameters are written without an extra copy of
 * every weight. {@code equals} compares contents, which is what a record of arrays should mean.
 */
public record Tensor(int[] shape, float[] data) {

    public Tensor {
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " has " + count + " elements but data has " + data.length);
        }
    }

    /** The number of elements a tensor of this shape holds; -1 if a dimension is negative. */
    public static long elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                return -1;
            }
            count *= d;
            if (count > Integer.MAX_VALUE) {
                return count;
            }
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
