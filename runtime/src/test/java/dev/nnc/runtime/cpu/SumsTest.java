package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reductions against left-to-right sums in double, over lengths around the unrolling and the blocks. */
class SumsTest {

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 7, 8, 9, 196, 4095, 4096, 4097, 100_352})
    void matchSumsInDouble(int length) {
        Random random = new Random(length);
        float[] f = new float[length + 5];
        double[] d = new double[length + 5];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) random.nextGaussian();
            d[i] = f[i];
        }
        double sum = 0, squares = 0;
        for (int i = 3; i < 3 + length; i++) {
            sum += d[i];
        }
        for (double x : d) {
            squares += x * x;
        }
        assertEquals(sum, Sums.sum(f, 3, 3 + length), 1e-5 * Math.max(1, Math.sqrt(length)));
        assertEquals(sum, Sums.sum(d, 3, 3 + length), 1e-12 * Math.max(1, length));
        assertEquals(squares, Sums.sumOfSquares(f), 1e-6 * squares);
        assertEquals(squares, Sums.sumOfSquares(d), 1e-13 * squares);
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 100_352})
    void splitBetweenThreadsTheSumOfSquaresIsTheSameToTheBit(int length) {
        Random random = new Random(length);
        float[] f = new float[length];
        for (int i = 0; i < length; i++) {
            f[i] = (float) random.nextGaussian();
        }
        SumOfSquares squares = new SumOfSquares(f);
        for (Gemm gemm : GemmTest.implementations()) { // one thread and three
            assertEquals(Sums.sumOfSquares(f), squares.of(gemm), 0.0, gemm.toString());
        }
        if (length > 0) { // the instance reads the array as it is at the call
            f[length / 2] = 1000f;
            assertEquals(Sums.sumOfSquares(f), squares.of(GemmTest.implementations().get(1)), 0.0);
        }
    }
}
