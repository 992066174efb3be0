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
    void sigmoidIsStableForLargeArguments() {
        assertEquals(1.0, Scalar.sigmoid(1000.0));
        assertEquals(0.0, Scalar.sigmoid(-1000.0));
        assertEquals(0.5f, Scalar.sigmoid(0f));
    }
}
