package dev.nnc.runtime.cpu;

import static dev.nnc.runtime.cpu.VectorKernels.LANES;
import static dev.nnc.runtime.cpu.VectorKernels.MR;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The register tiles on their own, each against the same sums done in scalar code. {@link GemmTest}
 * only reaches the tiles this machine's vector width selects; here every width runs (the 3-vector
 * tile is the main one with AVX-512 but unused with AVX2; the 4-vector one needs 32 registers).
 */
class VectorKernelsTest {

    @ParameterizedTest(name = "{0} vectors, kc {1}, add {2}")
    @CsvSource({"1, 1, false", "1, 37, true", "2, 5, false", "2, 256, true", "3, 1, true", "3, 300, false", "4, 1, false",
            "4, 50, false"})
    void tileMatchesScalarSums(int vectors, int kc, boolean add) {
        Random random = new Random(vectors * 1000 + kc);
        int width = vectors * LANES;
        float[] a = new float[2 + kc * MR];
        float[] b = new float[3 + kc * width + 5]; // floats after the panel: a tile reading past it would add them in
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt(9) - 4; // small integers: every sum is exact, so orders agree
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = random.nextInt(9) - 4;
        }
        int ldc = width + 5, ci = 7;
        float[] c = new float[ci + MR * ldc];
        for (int i = 0; i < c.length; i++) {
            c[i] = random.nextInt(9) - 4;
        }
        float[] expected = c.clone();
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < width; j++) {
                float sum = 0;
                for (int p = 0; p < kc; p++) {
                    sum += a[2 + p * MR + r] * b[3 + p * width + j];
                }
                int at = ci + r * ldc + j;
                expected[at] = add ? expected[at] + sum : sum;
            }
        }
        switch (vectors) {
            case 1 -> VectorKernels.tile4x1(kc, a, 2, b, 3, c, ci, ldc, add);
            case 2 -> VectorKernels.tile4x2(kc, a, 2, b, 3, c, ci, ldc, add);
            case 3 -> VectorKernels.tile4x3(kc, a, 2, b, 3, c, ci, ldc, add);
            default -> VectorKernels.tile4x4(kc, a, 2, b, 3, c, ci, ldc); // writes only: its one use, shallow products
        }
        for (int i = 0; i < c.length; i++) {
            assertEquals(expected[i], c[i], "at " + i);
        }
    }

    /** The JIT warm-up's own tile calls stay inside their arrays, with this machine's tiles (and AVX2's, in that execution). */
    @Test
    void jitWarmUpCallsEveryTileInBounds() {
        JitWarmUp.callTiles(3, Long.MAX_VALUE);
    }
}
