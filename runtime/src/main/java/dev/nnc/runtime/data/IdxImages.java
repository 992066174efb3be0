package dev.nnc.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The images of an IDX file: {@code count} images of {@code rows × cols} pixels, flattened
 * row-major into {@code pixels} (image {@code i} starts at {@code i * rows * cols}), each pixel
 * scaled from its unsigned byte {@code x} to {@code x / 255f} in [0, 1].
 */
public record IdxImages(int count, int rows, int cols, float[] pixels) {

    public IdxImages {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(count + " images of " + rows + "x" + cols
                    + " need " + (long) count * rows * cols + " pixels, got " + pixels.length);
        }
    }

    /** Pixels per image. */
    public int imageSize() {
        return rows * cols;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxImages i && count == i.count && rows == i.rows && cols == i.cols
                && Arrays.equals(pixels, i.pixels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, rows, cols) * 31 + Arrays.hashCode(pixels);
    }

    @Override
    public String toString() {
        return "IdxImages[" + count + " x " + rows + "x" + cols + "]";
    }
}
