package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ranges cover every example exactly once, each with its own part, and products inside them stay correct. */
class ForEachRangeTest {

    private static final Gemm[] GEMMS = {new VectorGemm(3, 0), new ScalarGemm(3, 0), new VectorGemm(1)};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 50, 1001})
    void everyExampleOnceAndPartsDisjoint(int n) {
        for (Gemm gemm : GEMMS) {
            AtomicIntegerArray seen = new AtomicIntegerArray(n);
            ConcurrentHashMap<Integer, int[]> ranges = new ConcurrentHashMap<>();
            gemm.forEachRange(n, (from, to, part) -> {
                assertTrue(part >= 0 && part < gemm.threads(), "part " + part);
                assertTrue(ranges.put(part, new int[] {from, to}) == null, "part " + part + " ran twice");
                for (int r = from; r < to; r++) {
                    seen.incrementAndGet(r);
                }
            });
            for (int r = 0; r < n; r++) {
                assertEquals(1, seen.get(r), gemm + ": example " + r);
            }
            assertTrue(ranges.size() <= Math.max(1, Math.min(n, gemm.threads())), gemm + ": " + ranges.size() + " parts");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 40})
    void productsInsideRangesMatchTheSameProductsOutside(int n) {
        Random random = new Random(n);
        int m = 9, cols = 37, k = 23;
        float[] a = new float[m * k];
        float[] b = new float[n * k * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextFloat() - 0.5f;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextFloat() - 0.5f;
        }
        Gemm serial = new ScalarGemm(1);
        float[] expected = new float[n * m * cols];
        for (int r = 0; r < n; r++) {
            serial.nn(m, cols, k, a, 0, k, b, r * k * cols, cols, expected, r * m * cols, cols, false);
        }
        for (Gemm gemm : GEMMS) {
            float[] c = new float[n * m * cols];
            gemm.forEachRange(n, (from, to, part) -> {
                for (int r = from; r < to; r++) {
                    gemm.nn(m, cols, k, a, 0, k, b, r * k * cols, cols, c, r * m * cols, cols, false);
                }
            });
            assertArrayEquals(expected, c, 1e-4f, gemm.toString());
        }
    }

    @Test
    void negativeCountIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> GEMMS[0].forEachRange(-1, (from, to, part) -> { }));
    }

    @Test
    void aFailingPartIsReported() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> GEMMS[0].forEachRange(10, (from, to, part) -> {
                    if (part == 1) {
                        throw new ArithmeticException("part 1 fails");
                    }
                }));
        assertTrue(e.getCause() instanceof ArithmeticException, String.valueOf(e.getCause()));
    }
}
