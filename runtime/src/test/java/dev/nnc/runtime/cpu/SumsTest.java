package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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

    /**
     * Split between threads, the sum of squares is the same to the bit as on one; the scalar kernels' is
     * {@link Sums#sumOfSquares(float[])}'s, and every implementation's is within float rounding of the sum in double.
     */
    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, 100_352})
    void splitBetweenThreadsTheSumOfSquaresIsTheSameToTheBit(int length) {
        Random random = new Random(length);
        float[] f = new float[length];
        double exact = 0;
        for (int i = 0; i < length; i++) {
            f[i] = (float) random.nextGaussian();
            exact += (double) f[i] * f[i];
        }
        SumOfSquares squares = new SumOfSquares(f);
        List<Gemm> gemms = GemmTest.implementations(); // vector on one thread and three, then scalar on one and three
        for (int g = 0; g < gemms.size(); g += 2) {
            double one = squares.of(gemms.get(g));
            assertEquals(one, squares.of(gemms.get(g + 1)), 0.0, gemms.get(g + 1).toString());
            assertEquals(exact, one, 1e-6 * exact, gemms.get(g).toString());
        }
        assertEquals(Sums.sumOfSquares(f), squares.of(gemms.get(2)), 0.0);
        if (length > 0) { // the instance reads the array as it is at the call
            f[length / 2] = 1000f;
            assertEquals(Sums.sumOfSquares(f), squares.of(gemms.get(3)), 0.0);
        }
    }
}
