package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolutions as products with windows, on every implementation, against the convolution's definition summed in
 * double precision: forward, weight gradient and input gradient, over strides, paddings (none, same, asymmetric, wider than the
 * kernel), more rows and positions than one block, and batches split between threads.
 */
class WindowsTest {

    private static final double U = Math.ulp(1f) / 2;

    /** filters, then the windows: channels, height, width, kernel h/w, stride h/w, padding top/left, output h/w. */
    private static final int[][] SHAPES = {
            {32, 1, 28, 28, 5, 5, 1, 1, 2, 2, 28, 28}, // the MNIST CNN's conv1: more positions than a block
            {64, 32, 14, 14, 5, 5, 1, 1, 2, 2, 14, 14}, // its conv2: four blocks of k
            {5, 3, 9, 7, 3, 3, 2, 2, 1, 1, 5, 4}, // strided, padded
            {6, 2, 8, 8, 3, 2, 2, 3, 0, 0, 3, 3}, // valid, uneven strides
            {3, 4, 5, 6, 1, 1, 1, 1, 1, 1, 7, 8}, // padding wider than the kernel
            {130, 2, 6, 5, 2, 3, 1, 1, 1, 0, 6, 4}, // more filters than a block of rows; asymmetric padding
            {4, 2, 9, 21, 3, 3, 2, 1, 1, 1, 5, 21}, // vertical stride only; output rows of a panel and a half
            {6, 1, 3, 50, 1, 3, 1, 1, 0, 1, 3, 50}, // shallow, output rows of 50: two four-vector panels, the second partial
            {40, 8, 9, 11, 3, 3, 2, 1, 1, 1, 5, 11}, // deep enough to run by positions: strided, filters past a panel
            {40, 20, 6, 8, 5, 5, 1, 1, 2, 2, 6, 8}, // Winograd: channels and filters not whole vectors or panels
            {16, 16, 10, 12, 5, 5, 1, 1, 0, 0, 6, 8}, // Winograd, valid: its input gradient pads by four
            {24, 16, 7, 7, 5, 5, 1, 1, 2, 2, 8, 8}, // Winograd, padded more below and right than above and left
            {8, 16, 18, 18, 5, 5, 1, 1, 2, 2, 18, 18}, // Winograd: partial tiles, the weight gradient's groups spanning examples
            {3, 2, 6, 12, 2, 9, 1, 1, 0, 4, 5, 12}, // kernel rows wider than a vector
            {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Gemm gemm : GemmTest.implementations()) {
            for (int[] s : SHAPES) {
                for (int count : new int[] {1, 3}) {
                    cases.add(Arguments.of(gemm, s, count));
                }
            }
        }
        return cases.stream();
    }

    private static Windows windows(int[] s) {
        return new Windows(s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
    }

    private static float[] random(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** The input at (c, sy, sx) of example e, or 0 outside the image. */
    private static double pixel(Windows w, float[] in, int inOff, int c, int sy, int sx) {
        return sy < 0 || sy >= w.height() || sx < 0 || sx >= w.width() ? 0 : in[inOff + (c * w.height() + sy) * w.width() + sx];
    }

    @ParameterizedTest(name = "{0} {1} x{2}")
    @MethodSource("cases")
    void forwardIsTheConvolution(Gemm gemm, int[] s, int count) {
        Windows w = windows(s);
        int f = s[0], kh = w.kernelH(), kw = w.kernelW();
        Random random = new Random(Arrays.hashCode(s) + count);
        float[] weights = random(random, f * w.rows());
        int inStride = w.inputSize() + 3, cStride = f * w.positions() + 2;
        float[] in = random(random, 1 + count * inStride);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] c = random(random, 2 + count * cStride);
            float[] before = c.clone();
            if (!accumulate) {
                for (int e = 0; e < count; e++) {
                    Arrays.fill(c, 2 + e * cStride, 2 + e * cStride + f * w.positions(), Float.NaN);
                }
            }
            gemm.nnWindows(f, weights, 0, w.rows(), w, in, 1, inStride, c, 2, cStride, count, accumulate);
            for (int e = 0; e < count; e++) {
                for (int o = 0; o < f; o++) {
                    for (int y = 0; y < w.outHeight(); y++) {
                        for (int x = 0; x < w.outWidth(); x++) {
                            int ci = 2 + e * cStride + (o * w.outHeight() + y) * w.outWidth() + x;
                            double sum = accumulate ? before[ci] : 0, magnitude = Math.abs(sum);
                            for (int ch = 0; ch < w.channels(); ch++) {
                                for (int i = 0; i < kh; i++) {
                                    for (int j = 0; j < kw; j++) {
                                        double t = weights[o * w.rows() + (ch * kh + i) * kw + j]
                                                * pixel(w, in, 1 + e * inStride, ch, y * w.strideH() - w.padTop() + i,
                                                x * w.strideW() - w.padLeft() + j);
                                        sum += t;
                                        magnitude += Math.abs(t);
                                    }
                                }
                            }
                            check(gemm + " forward e" + e + " f" + o + " (" + y + ", " + x + ")", sum, magnitude,
                                    w.rows() * winograd(gemm, w), c[ci]);
                        }
                    }
                }
            }
            assertGapsKept(before, c, 2, cStride, f * w.positions(), count);
        }
    }

    @ParameterizedTest(name = "{0} {1} x{2}")
    @MethodSource("cases")
    void weightGradientSumsTheExamples(Gemm gemm, int[] s, int count) {
        Windows w = windows(s);
        int f = s[0], kh = w.kernelH(), kw = w.kernelW();
        Random random = new Random(Arrays.hashCode(s) * 31 + count);
        int inStride = w.inputSize() + 1, aStride = f * w.positions() + 5;
        float[] in = random(random, 2 + count * inStride);
        float[] dy = random(random, 4 + count * aStride);
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] dw = random(random, 1 + f * w.rows() + 1);
            float[] before = dw.clone();
            if (!accumulate) {
                Arrays.fill(dw, 1, 1 + f * w.rows(), Float.NaN);
            }
            gemm.ntWindows(f, dy, 4, aStride, w, in, 2, inStride, dw, 1, count, accumulate);
            for (int o = 0; o < f; o++) {
                for (int ch = 0; ch < w.channels(); ch++) {
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            int ci = 1 + o * w.rows() + (ch * kh + i) * kw + j;
                            double sum = accumulate ? before[ci] : 0, magnitude = Math.abs(sum);
                            for (int e = 0; e < count; e++) {
                                for (int y = 0; y < w.outHeight(); y++) {
                                    for (int x = 0; x < w.outWidth(); x++) {
                                        double t = dy[4 + e * aStride + (o * w.outHeight() + y) * w.outWidth() + x]
                                                * pixel(w, in, 2 + e * inStride, ch, y * w.strideH() - w.padTop() + i,
                                                x * w.strideW() - w.padLeft() + j);
                                        sum += t;
                                        magnitude += Math.abs(t);
                                    }
                                }
                            }
                            check(gemm + " weight gradient f" + o + " row " + (ci - 1 - o * w.rows()), sum, magnitude,
                                    count * w.positions() * winograd(gemm, w), dw[ci]);
                        }
                    }
                }
            }
            assertEquals(before[0], dw[0]);
            assertEquals(before[dw.length - 1], dw[dw.length - 1]);
        }
    }

    /**
     * The weight gradient from what a pooling sent: values at arbitrary elements of each filter's plane, some named twice
     * (their sum counts), against the definition in double precision; the double-precision kernel against it too.
     */
    @ParameterizedTest(name = "{0} {1} x{2}")
    @MethodSource("cases")
    void pooledWeightGradientReadsOnlyWhatWasSent(Gemm gemm, int[] s, int count) {
        Windows w = windows(s);
        int f = s[0], positions = w.positions(), perFilter = positions / 4 + 1, gStride = f * perFilter;
        int outStride = f * positions + 7, inStride = w.inputSize() + 1, rows = w.rows();
        Random random = new Random(Arrays.hashCode(s) * 17 + count);
        float[] in = random(random, 2 + count * inStride), g = random(random, 3 + count * gStride);
        double[] in64 = doubles(in);
        int[] argmax = new int[g.length];
        for (int e = 0; e < count; e++) {
            for (int j = 0; j < gStride; j++) {
                argmax[3 + e * gStride + j] = e * outStride + j / perFilter * positions + random.nextInt(positions);
            }
        }
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] dw = random(random, 1 + f * rows + 1), before = dw.clone();
            if (!accumulate) {
                Arrays.fill(dw, 1, 1 + f * rows, Float.NaN);
            }
            gemm.ntWindowsPooled(f, g, argmax, 3, gStride, outStride, w, in, 2, inStride, dw, 1, count, accumulate);
            double[] dw64 = new double[f * rows];
            for (int i = 0; accumulate && i < dw64.length; i++) {
                dw64[i] = before[1 + i];
            }
            DoubleGemm.ntWindowsPooled(f, doubles(g), argmax, 3, gStride, outStride, w, in64, 2, inStride, dw64, 0, count,
                    accumulate);
            for (int o = 0; o < f; o++) {
                for (int t = 0; t < rows; t++) {
                    double sum = accumulate ? before[1 + o * rows + t] : 0, magnitude = Math.abs(sum);
                    for (int e = 0; e < count; e++) {
                        for (int j = 3 + e * gStride + o * perFilter, end = j + perFilter; j < end; j++) {
                            int q = argmax[j] - e * outStride - o * positions;
                            double term = g[j] * w.value(in64, 2 + e * inStride, t, q);
                            sum += term;
                            magnitude += Math.abs(term);
                        }
                    }
                    check(gemm + " pooled weight gradient f" + o + " row " + t, sum, magnitude, count * perFilter, dw[1 + o * rows + t]);
                    assertEquals(sum, dw64[o * rows + t], 1e-12 * (1 + magnitude), "double precision f" + o + " row " + t);
                }
            }
            assertEquals(before[0], dw[0]);
            assertEquals(before[dw.length - 1], dw[dw.length - 1]);
        }
    }

    /**
     * A thread's first pooled weight gradient split between threads: its parts' buffers are made before the workers start
     * (made by the parts themselves, two of them raced to grow the array, and one part's sum was lost now and then).
     */
    @Test
    void pooledWeightGradientsFirstCallsOnNewThreads() throws Exception {
        Windows w = windows(SHAPES[0]);
        int f = SHAPES[0][0], count = 50, perFilter = w.positions() / 4, gStride = f * perFilter, outStride = f * w.positions();
        Random random = new Random(3);
        float[] in = random(random, count * w.inputSize()), g = random(random, count * gStride);
        int[] argmax = new int[g.length];
        for (int j = 0; j < argmax.length; j++) {
            argmax[j] = j / gStride * outStride + j % gStride / perFilter * w.positions() + random.nextInt(w.positions());
        }
        Gemm gemm = Gemm.vector(2);
        float[] expected = new float[f * w.rows()];
        gemm.ntWindowsPooled(f, g, argmax, 0, gStride, outStride, w, in, 0, w.inputSize(), expected, 0, count, false);
        for (int i = 0; i < 40; i++) {
            float[] dw = new float[expected.length];
            Throwable[] failure = new Throwable[1];
            Thread t = new Thread(() -> {
                try {
                    gemm.ntWindowsPooled(f, g, argmax, 0, gStride, outStride, w, in, 0, w.inputSize(), dw, 0, count, false);
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            t.start();
            t.join();
            if (failure[0] != null) {
                throw new AssertionError("call " + i, failure[0]);
            }
            assertEquals(Arrays.toString(expected), Arrays.toString(dw), "call " + i);
        }
    }

    @ParameterizedTest(name = "{0} {1} x{2}")
    @MethodSource("cases")
    void inputGradientFoldsTheWindowsBack(Gemm gemm, int[] s, int count) {
        Windows w = windows(s);
        int f = s[0], kh = w.kernelH(), kw = w.kernelW(), size = w.inputSize();
        Random random = new Random(Arrays.hashCode(s) * 17 + count);
        int gStride = f * w.positions() + 3, dStride = size + 2;
        float[] weights = random(random, f * w.rows() + 1); // at offset 1
        float[] g = random(random, 2 + count * gStride);
        // the definition: every product W[o, (ch, i, j)] · G_e[o, y, x] goes to the input element its window read
        double[] expected = new double[count * size], magnitude = new double[count * size];
        for (int e = 0; e < count; e++) {
            for (int o = 0; o < f; o++) {
                for (int ch = 0; ch < w.channels(); ch++) {
                    for (int i = 0; i < kh; i++) {
                        for (int j = 0; j < kw; j++) {
                            for (int y = 0; y < w.outHeight(); y++) {
                                for (int x = 0; x < w.outWidth(); x++) {
                                    int sy = y * w.strideH() - w.padTop() + i, sx = x * w.strideW() - w.padLeft() + j;
                                    if (sy >= 0 && sy < w.height() && sx >= 0 && sx < w.width()) {
                                        double t = weights[1 + o * w.rows() + (ch * kh + i) * kw + j]
                                                * g[2 + e * gStride + (o * w.outHeight() + y) * w.outWidth() + x];
                                        int at = e * size + (ch * w.height() + sy) * w.width() + sx;
                                        expected[at] += t;
                                        magnitude[at] += Math.abs(t);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for (boolean accumulate : new boolean[] {false, true}) {
            float[] d = random(random, 1 + count * dStride);
            float[] before = d.clone();
            if (!accumulate) {
                for (int e = 0; e < count; e++) {
                    Arrays.fill(d, 1 + e * dStride, 1 + e * dStride + size, Float.NaN);
                }
            }
            gemm.tnWindows(f, weights, 1, w.rows(), w, g, 2, gStride, d, 1, dStride, count, accumulate);
            for (int e = 0; e < count; e++) {
                for (int x = 0; x < size; x++) {
                    int di = 1 + e * dStride + x;
                    double old = accumulate ? before[di] : 0;
                    check(gemm + " input gradient e" + e + " element " + x, old + expected[e * size + x],
                            Math.abs(old) + magnitude[e * size + x], f * kh * kw * winograd(gemm, w.transposed(f)), d[di]);
                }
            }
            assertGapsKept(before, d, 1, dStride, size, count);
        }
    }

    @Test
    void doublePrecisionMatchesTheFloatKernels() {
        int[] s = SHAPES[2];
        Windows w = windows(s);
        int f = s[0], count = 2;
        Random random = new Random(5);
        float[] weights = random(random, f * w.rows()), in = random(random, count * w.inputSize());
        float[] out = new float[count * f * w.positions()];
        Gemm.scalar(1).nnWindows(f, weights, 0, w.rows(), w, in, 0, w.inputSize(), out, 0, f * w.positions(), count, false);
        double[] out64 = new double[out.length];
        DoubleGemm.nnWindows(f, doubles(weights), 0, w.rows(), w, doubles(in), 0, w.inputSize(), out64, 0, f * w.positions(), count,
                false);
        float[] dw = new float[f * w.rows()];
        Gemm.scalar(1).ntWindows(f, out, 0, f * w.positions(), w, in, 0, w.inputSize(), dw, 0, count, false);
        double[] dw64 = new double[dw.length];
        DoubleGemm.ntWindows(f, doubles(out), 0, f * w.positions(), w, doubles(in), 0, w.inputSize(), dw64, 0, count, false);
        float[] dx = new float[in.length];
        Gemm.scalar(1).tnWindows(f, weights, 0, w.rows(), w, out, 0, f * w.positions(), dx, 0, w.inputSize(), count, false);
        double[] dx64 = new double[dx.length];
        DoubleGemm.tnWindows(f, doubles(weights), 0, w.rows(), w, doubles(out), 0, f * w.positions(), dx64, 0, w.inputSize(), count,
                false);
        for (int i = 0; i < out.length; i++) {
            assertEquals(out64[i], out[i], 1e-4 * (1 + Math.abs(out64[i])), "forward " + i);
        }
        for (int i = 0; i < dx.length; i++) {
            assertEquals(dx64[i], dx[i], 1e-3 * (1 + Math.abs(dx64[i])), "input gradient " + i);
        }
        for (int i = 0; i < dw.length; i++) {
            assertEquals(dw64[i], dw[i], 1e-3 * (1 + Math.abs(dw64[i])), "weight gradient " + i);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        Windows w = new Windows(2, 4, 4, 3, 3, 1, 1, 1, 1, 4, 4);
        Gemm gemm = Gemm.vector(1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> gemm.nnWindows(
                3, new float[54], 0, 18, w, new float[64], 0, 32, new float[3 * 16 * 2 - 1], 0, 48, 2, false));
        assertEquals("nnWindows: C has 2 examples of 48 values 48 apart at offset 0: needs 96 values, the array has 95", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gemm.ntWindows(
                3, new float[96], 0, 47, w, new float[64], 0, 32, new float[54], 0, 2, false));
        e = assertThrows(IndexOutOfBoundsException.class, () -> gemm.tnWindows(
                3, new float[54], 0, 18, w, new float[96], 0, 48, new float[63], 0, 32, 2, false));
        assertEquals("tnWindows: D has 2 examples of 32 values 32 apart at offset 0: needs 64 values, the array has 63", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Windows(0, 4, 4, 3, 3, 1, 1, 1, 1, 4, 4));
        e = assertThrows(IndexOutOfBoundsException.class, () -> gemm.ntWindowsPooled(
                3, new float[24], new int[23], 0, 12, 48, w, new float[64], 0, 32, new float[54], 0, 2, false));
        assertEquals("ntWindowsPooled: the arg-max has 2 examples of 12 values 12 apart at offset 0: needs 24 values, the array has 23",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gemm.ntWindowsPooled(
                3, new float[20], new int[20], 0, 10, 48, w, new float[64], 0, 32, new float[54], 0, 2, false));
    }

    private static double[] doubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /**
     * How much looser the bound is for a product the Vector API backend computes by Winograd's F(4 × 4, 5 × 5), over
     * {@code w} (forward, weight gradient) or its transposed windows (input gradient): the transforms (entries up to 8)
     * round intermediate values larger than the result. Observed here: up to 1.02 × the direct bound; a wrong transform coefficient errs by the order of the result, far past 4 ×. Every other product keeps
     * the direct bound.
     */
    private static int winograd(Gemm gemm, Windows w) {
        return gemm instanceof VectorGemm && VectorGemm.WINOGRAD && w != null && Winograd.applies(w) ? 4 : 1;
    }

    /** Float summation of k + 1 terms in any order errs by at most about (k + 1) u Σ|terms|. */
    private static void check(String what, double expected, double magnitude, int k, float actual) {
        double bound = 2 * (k + 2) * U * magnitude + Float.MIN_NORMAL;
        if (!(Math.abs(actual - expected) <= bound)) {
            fail(what + ": expected " + expected + " ± " + bound + ", got " + actual);
        }
    }

    private static void assertGapsKept(float[] before, float[] c, int off, int stride, int size, int count) {
        for (int index = 0; index < c.length; index++) {
            int rel = index - off;
            boolean inside = rel >= 0 && rel / stride < count && rel % stride < size;
            if (!inside && Float.compare(before[index], c[index]) != 0) {
                fail("wrote outside C at " + index);
            }
        }
    }
}
