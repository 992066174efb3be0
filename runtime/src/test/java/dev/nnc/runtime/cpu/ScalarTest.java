package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScalarTest {

    @Test
    void counterBasedUniformsAreUniformAndIndependentOfStreamAndSeed() {
        int n = 200_000;
        double sum = 0;
        int[] buckets = new int[10];
        for (int i = 0; i < n; i++) {
            float u = Scalar.uniform(42, 7, i);
            assertTrue(u >= 0 && u < 1, "u = " + u);
            sum += u;
            buckets[(int) (u * 10)]++;
        }
        assertEquals(0.5, sum / n, 0.005);
        for (int b : buckets) {
            assertEquals(n / 10.0, b, n / 10.0 * 0.05);
        }
        assertEquals(Scalar.uniform(1, 2, 3), Scalar.uniform(1, 2, 3));
        assertNotEquals(Scalar.uniform(1, 2, 3), Scalar.uniform(1, 3, 3));
        assertNotEquals(Scalar.uniform(1, 2, 3), Scalar.uniform(2, 2, 3));
    }

    @Test
    void dropoutsMaskIsTheComparisonWithoutABranch() {
        float[] rates = {0f, 0.1f, 0.25f, 0.5f, 0.9f};
        for (float rate : rates) {
            float scale = 1 / (1 - rate);
            double wide = 1 / (1 - (double) rate);
            for (int i = 0; i < 100_000; i++) {
                float u = Scalar.uniform(3, 11, i);
                assertEquals(u < rate ? 0f : scale, Scalar.keep(3, 11, i, rate, scale), "rate " + rate + ", u = " + u);
                assertEquals(u < rate ? 0.0 : wide, Scalar.keep(3, 11, i, rate, wide), "rate " + rate + ", u = " + u);
            }
        }
        // a draw exactly at the rate is kept: find one (draws are multiples of 2^-24, so about one in 2^24 is 0.5)
        int at = -1;
        for (int i = 0; i < 1 << 28 && at < 0; i++) {
            at = Scalar.uniform(5, 0, i) == 0.5f ? i : -1;
        }
        assertTrue(at >= 0, "no draw of exactly 0.5 in 2^28");
        assertEquals(2f, Scalar.keep(5, 0, at, 0.5f, 2f));
    }

    @Test
    void reluAndItsStepAreExactAtZeroAndTheExtremes() {
        float[] xs = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-30f, 1f, -1f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (float x : xs) {
            assertEquals(x > 0 ? x : 0f, Scalar.relu(x), "relu(" + x + ")");
            assertEquals(x > 0 ? 1f : 0f, Scalar.step(x), "step(" + x + ")");
            double d = x;
            assertEquals(d > 0 ? d : 0.0, Scalar.relu(d), "relu(" + d + ")");
            assertEquals(d > 0 ? 1.0 : 0.0, Scalar.step(d), "step(" + d + ")");
        }
        assertEquals(1.0, Scalar.step(Double.MIN_VALUE));
        assertEquals(0.0, Scalar.step(-Double.MIN_VALUE));
        assertEquals(0.0, Scalar.relu(-0.0)); // positive zero: assertEquals tells the zeros apart
        assertTrue(Float.isNaN(Scalar.relu(Float.NaN)) && Float.isNaN(Scalar.step(Float.NaN)), "NaN stays NaN");
    }

    @Test
    void maxAndMinAreBranchFreeAndPropagateNaN() {
        assertEquals(3f, Scalar.max(3f, -2f));
        assertEquals(-2f, Scalar.min(3f, -2f));
        assertEquals(0.5, Scalar.max(0.5, 0.5));
        assertEquals(0f, Scalar.min(0f, Float.MIN_VALUE));
        assertTrue(Float.isNaN(Scalar.max(Float.NaN, 1f)) && Float.isNaN(Scalar.min(1f, Float.NaN)), "NaN stays NaN");
        assertTrue(Double.isNaN(Scalar.max(1.0, Double.NaN)) && Double.isNaN(Scalar.min(Double.NaN, 1.0)), "NaN stays NaN");
    }

    @Test
    void sigmoidIsStableForLargeArguments() {
        assertEquals(1.0, Scalar.sigmoid(1000.0));
        assertEquals(0.0, Scalar.sigmoid(-1000.0));
        assertEquals(0.5f, Scalar.sigmoid(0f));
    }
}
