package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Max pooling by 2 × 2 windows at stride 2: the plain loop against the definition (each output its window's maximum,
 * its arg-max the window's first maximum in reading order), and the vector kernel against the plain loop to the bit,
 * arg-maxes included, for rows of every length from 1 to past two vectors (the surefire executions run it at 256 and
 * 512 bits), with ties, signed zeros and NaN.
 */
class PoolingTest {
    private static final float[] VALUES = {-2f, -1f, -0f, 0f, 1f, 2f, 3f};

    /** A plane of {@code 2 rows + 1} rows (one past the windows) of {@code width} values from {@code from}, NaN around it. */
    private static float[] plane(Random random, int from, int width, int rows, boolean nan) {
        float[] in = new float[from + (2 * rows + 1) * width + 3];
        java.util.Arrays.fill(in, Float.NaN);
        for (int i = from; i < from + (2 * rows + 1) * width; i++) {
            in[i] = nan && random.nextInt(50) == 0 ? Float.NaN : VALUES[random.nextInt(VALUES.length)];
        }
        return in;
    }

    @Test
    void thePlainLoopPoolsAsDefined() {
        Random random = new Random(1);
        for (int cols = 1; cols <= 9; cols++) {
            int rows = 3, width = 2 * cols + 1, from = 5, at = 4;
            float[] in = plane(random, from, width, rows, false);
            float[] out = new float[at + rows * cols + 2];
            int[] argmax = new int[out.length];
            float bias = 0.5f;
            Pooling.maxPool2x2(in, from, width, 0, rows, cols, out, at, argmax, bias, true);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int corner = from + 2 * y * width + 2 * x;
                    int[] window = {corner, corner + 1, corner + width, corner + width + 1}; // reading order
                    float max = Float.NEGATIVE_INFINITY;
                    for (int i : window) {
                        max = Math.max(max, in[i]);
                    }
                    int first = -1;
                    for (int i : window) {
                        if (first < 0 && in[i] == max) {
                            first = i;
                        }
                    }
                    int o = at + y * cols + x;
                    assertEquals(Math.max(max + bias, 0f), out[o], "output " + o);
                    assertEquals(first, argmax[o], "arg-max " + o);
                }
            }
        }
    }

    @Test
    void aNaNInAWindowMakesItsOutputNaN() {
        float[] in = {1f, Float.NaN, 3f, 2f};
        float[] out = new float[1];
        Pooling.maxPool2x2(in, 0, 2, 0, 1, 1, out, 0, new int[1], -0f, false);
        assertTrue(Float.isNaN(out[0]));
    }

    @Test
    void theVectorKernelComputesThePlainLoopsFloatsAndArgMaxes() {
        Random random = new Random(2);
        for (int cols = 1; cols <= 2 * VectorKernels.LANES + 1; cols++) {
            for (int rows = 1; rows <= 3; rows++) {
                for (boolean relu : new boolean[] {false, true}) {
                    int width = 2 * cols + random.nextInt(3), from = random.nextInt(7), at = random.nextInt(5);
                    float[] in = plane(random, from, width, rows, true);
                    float bias = relu ? -0.5f : -0f;
                    float[] expected = new float[at + rows * cols + 3], actual = new float[expected.length];
                    int[] expectedArgmax = new int[expected.length], actualArgmax = new int[expected.length];
                    java.util.Arrays.fill(expected, 42f); // outside the outputs: must stay as it is
                    java.util.Arrays.fill(actual, 42f);
                    java.util.Arrays.fill(expectedArgmax, -7);
                    java.util.Arrays.fill(actualArgmax, -7);
                    Pooling.maxPool2x2(in, from, width, 0, rows, cols, expected, at, expectedArgmax, bias, relu);
                    VectorKernels.maxPool2x2(in, from, width, rows, cols, actual, at, actualArgmax, bias, relu);
                    String where = cols + " outputs a row, " + rows + " rows, relu " + relu;
                    assertArrayEquals(bits(expected), bits(actual), where);
                    assertArrayEquals(expectedArgmax, actualArgmax, where);
                }
            }
        }
    }

    private static int[] bits(float[] a) {
        int[] bits = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            bits[i] = Float.floatToRawIntBits(a[i]);
        }
        return bits;
    }
}
