package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * Every variant of every implementation against a double-precision reference, on shapes that hit
 * the edges of the tiles and blocks, with and without accumulation, tightly stored and with offsets
 * and padded leading dimensions.
 */
class GemmTest {

    /**
     * Implementations as the tests see them; the multi-threaded ones split even the smallest
     * products (threshold 0), with 3 threads so the parts are uneven.
     */
    private static final List<Gemm> IMPLEMENTATIONS = List.of(
            new VectorGemm(1),
            new VectorGemm(3, 0),
            new ScalarGemm(1),
            new ScalarGemm(3, 0));

    static List<Gemm> implementations() {
        return IMPLEMENTATIONS;
    }

    /**
     * m, n, k: ones, primes, one past powers of two, k = 1, and more than one block of k (three, with 1100), m and n; fewer rows
     * than a tile with long rows (one example through a layer); a batch of 50 (panels four vectors wide where there are 32
     * registers, the last three wide); a shallow product with over a million elements of C (four vectors wide); a batch of
     * 100 (panels two vectors wide); 20 rows over three blocks of k (one panel three vectors wide); the MLP's first layer
     * at a batch of 100 (A's rows with B's four by four, where there are 32 registers, when B is transposed).
     */
    static final int[][] SHAPES = {
            {1, 1, 1}, {1, 1, 7}, {1, 17, 1}, {5, 1, 3}, {1, 128, 784}, {3, 37, 61},
            {2, 3, 4}, {4, 16, 8}, {4, 48, 256}, {7, 13, 17},
            {8, 8, 1}, {13, 50, 1}, {33, 65, 129}, {31, 47, 300},
            {129, 25, 33}, {3, 800, 5}, {300, 200, 257}, {131, 1000, 70}, {37, 70, 1100}, {150, 40, 600}, {50, 70, 300},
            {1030, 1030, 5}, {100, 130, 70}, {20, 33, 600}, {100, 128, 784},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Gemm gemm : implementations()) {
            for (GemmVariant variant : GemmVariant.values()) {
                for (int[] s : SHAPES) {
                    cases.add(Arguments.of(gemm, variant, s[0], s[1], s[2]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}x{3}x{4}")
    @MethodSource("cases")
    void matchesReference(Gemm gemm, GemmVariant variant, int m, int n, int k) {
        Random random = new Random(31L * m + 17L * n + k);
        for (boolean padded : new boolean[] {false, true}) {
            for (boolean accumulate : new boolean[] {false, true}) {
                GemmProblem p = GemmProblem.random(random, variant, m, n, k, padded, accumulate);
                p.runOn(gemm);
                p.check(gemm + " " + variant + " " + m + "x" + n + "x" + k
                        + (padded ? " padded" : " tight") + (accumulate ? " accumulate" : ""));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void emptyInnerDimensionZeroesOrKeepsC(Gemm gemm) {
        float[] c = {1, 2, 3, 4, 5, 6};
        gemm.nn(2, 3, 0, new float[0], 0, 1, new float[0], 0, 3, c, 0, 3, true);
        assertEquals("[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", Arrays.toString(c));
        gemm.nt(2, 3, 0, new float[0], 0, 1, new float[0], 0, 1, c, 0, 3, false);
        assertEquals("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0]", Arrays.toString(c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void emptyOutputTouchesNothing(Gemm gemm) {
        float[] c = {42};
        gemm.tn(0, 1, 5, new float[0], 0, 1, new float[5], 0, 1, c, 0, 1, false);
        gemm.nn(1, 0, 5, new float[5], 0, 5, new float[0], 0, 1, c, 0, 1, false);
        assertEquals(42f, c[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void rejectsArraysTooSmallForTheirShape(Gemm gemm) {
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> gemm.nt(2, 3, 4, new float[8], 0, 4, new float[11], 0, 4, new float[6], 0, 3, false));
        assertEquals("nt: B is 3x4 with leading dimension 4 at offset 0: needs 12 floats, the array has 11",
                e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> gemm.tn(2, 3, 4, new float[8], 0, 1, new float[12], 0, 3, new float[6], 0, 3, false));
        assertEquals("tn: A is 4x2 but has offset 0 and leading dimension 1", bad.getMessage());
    }

    /**
     * useThreads(1) runs every part on the calling thread, the same floats as on all threads (a weight gradient split by
     * examples keeps its split, from dY or from a pooling's values); it is clamped to 1 .. threads().
     */
    @Test
    void fewerThreadsInUseSplitLessAndComputeTheSame() {
        Gemm gemm = new VectorGemm(3, 0);
        Random random = new Random(3);
        int m = 37, n = 70, k = 300;
        float[] a = new float[m * k], b = new float[k * n], all = new float[m * n], one = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        Windows w = new Windows(2, 9, 9, 3, 3, 1, 1, 1, 1, 9, 9); // a weight gradient over 5 examples, split by them
        float[] dy = new float[5 * 4 * w.positions()], in = new float[5 * w.inputSize()];
        float[] dwAll = new float[4 * w.rows()], dwOne = new float[4 * w.rows()];
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) random.nextGaussian();
        }
        int[] argmax = new int[dy.length]; // the pooled form with every element sent to itself
        for (int i = 0; i < argmax.length; i++) {
            argmax[i] = i;
        }
        float[] pooledAll = new float[4 * w.rows()], pooledOne = new float[4 * w.rows()];
        gemm.nn(m, n, k, a, 0, k, b, 0, n, all, 0, n, false);
        gemm.ntWindows(4, dy, 0, 4 * w.positions(), w, in, 0, w.inputSize(), dwAll, 0, 5, false);
        gemm.ntWindowsPooled(4, dy, argmax, 0, 4 * w.positions(), 4 * w.positions(), w, in, 0, w.inputSize(), pooledAll, 0, 5, false);
        gemm.useThreads(0);
        try {
            List<String> ranges = new ArrayList<>();
            gemm.forEachRange(10, (from, to, part) -> ranges.add(from + ".." + to + "@" + part));
            assertEquals(List.of("0..10@0"), ranges);
            gemm.nn(m, n, k, a, 0, k, b, 0, n, one, 0, n, false);
            assertTrue(Arrays.equals(all, one), "the same product on one thread");
            gemm.ntWindows(4, dy, 0, 4 * w.positions(), w, in, 0, w.inputSize(), dwOne, 0, 5, false);
            assertTrue(Arrays.equals(dwAll, dwOne), "the same weight gradient");
            gemm.ntWindowsPooled(4, dy, argmax, 0, 4 * w.positions(), 4 * w.positions(), w, in, 0, w.inputSize(), pooledOne, 0, 5,
                    false);
            assertTrue(Arrays.equals(pooledAll, pooledOne), "the same weight gradient from a pooling");
        } finally {
            gemm.useThreads(99);
        }
        int[] parts = new int[3];
        gemm.forEachRange(9, (from, to, part) -> parts[part]++);
        assertEquals("[1, 1, 1]", Arrays.toString(parts));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void concurrentCallsOnOneInstanceAreCorrect(Gemm shared) throws InterruptedException {
        Gemm gemm = shared instanceof VectorGemm ? new VectorGemm(2) : new ScalarGemm(2);
        int[][] shapes = {{150, 130, 170}, {64, 300, 90}, {7, 13, 17}, {257, 65, 33}};
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread[] threads = new Thread[2];
        for (int t = 0; t < threads.length; t++) {
            int seed = t;
            threads[t] = new Thread(() -> {
                try {
                    Random random = new Random(seed);
                    for (int i = 0; i < 40; i++) {
                        int[] s = shapes[(i + seed) % shapes.length];
                        GemmVariant v = GemmVariant.values()[(i + seed) % 3];
                        GemmProblem p = GemmProblem.random(random, v, s[0], s[1], s[2], i % 2 == 0, i % 3 == 0);
                        p.runOn(gemm);
                        p.check("thread " + seed + " call " + i + " " + v);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            fail(failures.get(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void denseLayerForwardAndBackwardInPyTorchLayout(Gemm gemm) {
        // x [2,3], W [out=2, in=3]: y = x·Wᵀ; dX = dY·W; dW = dYᵀ·x.
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] w = {1, 0, -1, 2, 1, 0};
        float[] y = new float[4];
        gemm.nt(2, 2, 3, x, 0, 3, w, 0, 3, y, 0, 2, false);
        assertEquals("[-2.0, 4.0, -2.0, 13.0]", Arrays.toString(y));
        float[] dy = {1, 0, 0, 1};
        float[] dx = new float[6];
        gemm.nn(2, 3, 2, dy, 0, 2, w, 0, 3, dx, 0, 3, false);
        assertEquals("[1.0, 0.0, -1.0, 2.0, 1.0, 0.0]", Arrays.toString(dx));
        float[] dw = new float[6];
        gemm.tn(2, 3, 2, dy, 0, 2, x, 0, 3, dw, 0, 3, false);
        assertEquals("[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]", Arrays.toString(dw));
    }

    /**
     * tnInto hands every element of C to the sink exactly once, with the value tn stores, to the bit: shallow products
     * (handed on from the product's buffer: C's width a whole number of panels or not, over a million elements, a B too
     * wide to pack whole), deep ones (C computed whole first), k = 0, A and B at offsets with padded rows, on one thread
     * and on several.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void tnIntoHandsOnWhatTnStores(Gemm gemm) {
        int[][] shapes = {{1, 1, 1}, {5, 3, 2}, {37, 70, 50}, {64, 512, 5}, {129, 528, 50}, {1030, 1030, 5}, {21, 3001, 100}, {20, 33, 300},
                {7, 13, 0}};
        Random random = new Random(5);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2], aOff = m % 3, lda = m + m % 2, bOff = n % 5, ldb = n + 1;
            float[] a = new float[aOff + k * lda], b = new float[bOff + k * ldb];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian();
            }
            float[] expected = new float[m * n], got = new float[m * n], scratch = new float[m * n];
            int[] times = new int[m * n];
            gemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, expected, 0, n, false);
            Arrays.fill(scratch, Float.NaN);
            gemm.tnInto(m, n, k, a, aOff, lda, b, bOff, ldb, scratch, (grad, from, at, length) -> {
                assertTrue(at >= 0 && length >= 0 && at + length <= m * n && from >= 0 && from + length <= grad.length);
                for (int i = 0; i < length; i++) {
                    got[at + i] = grad[from + i];
                    times[at + i]++;
                }
            });
            String shape = gemm + " " + m + "x" + n + "x" + k;
            for (int i = 0; i < m * n; i++) {
                assertEquals(1, times[i], shape + ": element " + i + " handed on");
            }
            assertArrayEquals(expected, got, shape);
        }
    }

    /**
     * A shallow tn product whose A is mostly zeros (a weight gradient after a ReLU and a dropout) is computed from A's
     * nonzeros, and gives the tiles' floats to the bit: each element a chain of multiply-adds over k in order, from zero.
     * Rows of C not a multiple of a block, columns past the last eight vectors and past the last vector, A and B at offsets
     * with padded rows, stored, accumulated and handed to a sink, on one thread and on three; the same shapes with A dense
     * take the tiles and give the same chain's floats.
     */
    @Test
    void mostlyZeroAGivesTheTilesFloats() {
        Random random = new Random(11);
        for (int[] s : new int[][] {{1030, 1031, 7}, {1025, 1040, 50}}) {
            int m = s[0], n = s[1], k = s[2], aOff = 3, lda = m + 2, bOff = 5, ldb = n + 1;
            for (double density : new double[] {0.2, 0.9}) {
                float[] a = new float[aOff + k * lda], b = new float[bOff + k * ldb];
                for (int p = 0; p < k; p++) {
                    for (int i = 0; i < m; i++) {
                        boolean deadRow = i % 97 == 3; // a unit no example reached: a row of C that sums nothing
                        a[aOff + p * lda + i] = !deadRow && random.nextDouble() < density ? (float) random.nextGaussian() : 0f;
                    }
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) random.nextGaussian();
                }
                float[] chain = new float[m * n], start = new float[m * n];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float sum = 0f;
                        for (int p = 0; p < k; p++) {
                            sum = Math.fma(a[aOff + p * lda + i], b[bOff + p * ldb + j], sum);
                        }
                        chain[i * n + j] = sum;
                        start[i * n + j] = (float) random.nextGaussian();
                    }
                }
                float[] accumulated = new float[m * n];
                for (int i = 0; i < m * n; i++) {
                    accumulated[i] = start[i] + chain[i];
                }
                for (VectorGemm gemm : List.of(new VectorGemm(1), new VectorGemm(3, 0))) {
                    String shape = gemm + " " + m + "x" + n + "x" + k + " at density " + density;
                    GemmCall call = new GemmCall();
                    call.set(gemm, true, false, m, n, k, a, aOff, lda, b, bOff, ldb, chain, 0, n, false);
                    assertEquals(density < 0.5, gemm.sparseA(call), shape + ": from A's nonzeros");
                    float[] c = new float[m * n];
                    gemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, 0, n, false);
                    assertArrayEquals(chain, c, shape + ", stored");
                    c = start.clone();
                    gemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, 0, n, true);
                    assertArrayEquals(accumulated, c, shape + ", accumulated");
                    float[] handed = new float[m * n];
                    gemm.tnInto(m, n, k, a, aOff, lda, b, bOff, ldb, new float[m * n],
                            (grad, from, at, length) -> System.arraycopy(grad, from, handed, at, length));
                    assertArrayEquals(chain, handed, shape + ", handed to a sink");
                }
            }
        }
        GemmCall small = new GemmCall(); // a product too small to pay for listing A's nonzeros
        small.set(new VectorGemm(1), true, false, 128, 784, 100, new float[128 * 100], 0, 128, new float[100 * 784], 0, 784,
                new float[128 * 784], 0, 784, false);
        assertTrue(!new VectorGemm(1).sparseA(small), "the MLP's first layer keeps the tiles");
    }

    /**
     * A dense layer's input gradient A · W whose A has columns of zeros (units no example of the batch reached) sums over
     * the other columns only: with 32 vector registers, on one thread, the same floats as the product of A and W without those columns and rows
     * (stored and accumulated, A at an offset with padded rows), and on one thread and three within rounding of the double
     * reference.
     * A with no such columns, or only a few, keeps every column.
     */
    @Test
    void inputGradientSkipsUnitsNoExampleReached() {
        Random random = new Random(13);
        int m = 50, n = 300, k = 1024, aOff = 7, lda = k + 3;
        for (double dead : new double[] {0.2, 0.5, 1.0}) {
            float[] a = new float[aOff + m * lda], b = new float[k * n], start = new float[m * n];
            boolean[] reached = new boolean[k];
            for (int p = 0; p < k; p++) {
                reached[p] = random.nextDouble() >= dead;
            }
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    a[aOff + i * lda + p] = reached[p] && random.nextDouble() < 0.3 ? (float) random.nextGaussian() : 0f;
                }
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < start.length; i++) {
                start[i] = (float) random.nextGaussian();
            }
            int kept = 0;
            for (boolean r : reached) {
                kept += r ? 1 : 0;
            }
            float[] aKept = new float[m * kept], bKept = new float[kept * n];
            for (int p = 0, t = 0; p < k; p++) {
                if (reached[p]) {
                    for (int i = 0; i < m; i++) {
                        aKept[i * kept + t] = a[aOff + i * lda + p];
                    }
                    System.arraycopy(b, p * n, bKept, t * n, n);
                    t++;
                }
            }
            for (VectorGemm gemm : List.of(new VectorGemm(1), new VectorGemm(3, 0))) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    String what = gemm + ", " + dead + " of the units unreached" + (accumulate ? ", accumulated" : "");
                    float[] expected = accumulate ? start.clone() : new float[m * n], got = accumulate ? start.clone() : new float[m * n];
                    gemm.nn(m, n, kept, aKept, 0, Math.max(1, kept), bKept, 0, n, expected, 0, n, accumulate);
                    gemm.nn(m, n, k, a, aOff, lda, b, 0, n, got, 0, n, accumulate);
                    // fewRows over all 50 rows: with 32 registers, and one thread (threads may split the rows between kernels)
                    if (gemm.threads() == 1 && VectorKernels.REGISTERS >= 32) {
                        assertArrayEquals(expected, got, what);
                    }
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double sum = accumulate ? start[i * n + j] : 0;
                            for (int p = 0; p < k; p++) {
                                sum += (double) a[aOff + i * lda + p] * b[p * n + j];
                            }
                            assertEquals(sum, got[i * n + j], 1e-4 * (1 + Math.abs(sum)), what + " at " + i + ", " + j);
                        }
                    }
                }
            }
        }
    }

    /**
     * A step's products allocate nothing once the first has run, though the share of A's zeros moves from step to step:
     * an input gradient with more units reached than before, and a weight gradient from A's nonzeros with more of them,
     * grow no buffer (the first version of the input gradient's compaction sized its buffers by the units kept).
     */
    @Test
    void productsGrowNoBufferAsTheirZerosMove() {
        VectorGemm gemm = new VectorGemm(1);
        int m = 50, n = 1024, k = 1024;
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n], dw = new float[k * n];
        Random random = new Random(17);
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) random.nextGaussian();
        }
        List<Object> first = null;
        for (double reached : new double[] {0.55, 0.74, 0.85, 0.3}) { // columns of A that hold a nonzero
            for (int p = 0; p < k; p++) {
                boolean live = random.nextDouble() < reached;
                for (int i = 0; i < m; i++) {
                    a[i * k + p] = live && random.nextDouble() < 0.3 ? (float) random.nextGaussian() : 0f;
                }
            }
            gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false); // the input gradient, units left out
            gemm.tn(k, n, m, a, 0, k, b, 0, n, dw, 0, n, false); // a weight gradient from A's nonzeros
            List<Object> now = VectorGemm.buffersOfThisThread();
            if (first == null) {
                first = now;
            }
            for (int i = 0; i < now.size(); i++) {
                assertTrue(now.get(i) == first.get(i), "buffer " + i + " grew when " + reached + " of the units were reached");
            }
        }
    }

    @Test
    void kBlocksAreAsEvenAsPossible() {
        assertEquals(1, VectorGemm.balancedDepth(1));
        assertEquals(VectorGemm.KC, VectorGemm.balancedDepth(VectorGemm.KC));
        assertEquals(VectorGemm.KC / 2 + 1, VectorGemm.balancedDepth(VectorGemm.KC + 1)); // two even blocks, not KC + 1
        for (int k : new int[] {800, 1024, 3136, 5000}) { // a 5×5×32 window, CNN fc1's depths, more
            int depth = VectorGemm.balancedDepth(k), blocks = (k + VectorGemm.KC - 1) / VectorGemm.KC;
            assertTrue(depth <= VectorGemm.KC && depth * blocks >= k && depth * (blocks - 1) < k, k + " as blocks of " + depth);
            assertTrue(k - depth * (blocks - 1) > depth - blocks, k + ": the last block is not thin"); // as even as possible
        }
    }
}
