package dev.nnc.runtime.cpu;

/**
 * The reductions generated code runs over large arrays: a bias gradient's sum over a feature map, an L2
 * term's sum of squares over every weight. A loop with one accumulator waits on each addition before the
 * next (4 cycles each); eight independent partial sums keep the adders busy, about 4–8× faster. The order
 * of additions differs from a left-to-right loop, by rounding only.
 */
public final class Sums {
    /** Floats summed in float before the block's total joins a double: short enough to lose nothing visible. */
    static final int BLOCK = 4096;

    private Sums() {}

    /** a[from] + … + a[to − 1]. */
    public static float sum(float[] a, int from, int to) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
            s4 += a[i + 4];
            s5 += a[i + 5];
            s6 += a[i + 6];
            s7 += a[i + 7];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** a[from] + … + a[to − 1]. */
    public static double sum(double[] a, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** The sum of the squares of every element, in blocks of float sums added up in double. */
    public static double sumOfSquares(float[] a) {
        double total = 0;
        for (int block = 0, blocks = blocks(a.length); block < blocks; block++) {
            total += blockSumOfSquares(a, block);
        }
        return total;
    }

    /** How many blocks {@link #sumOfSquares(float[])} sums an array of this length in. */
    static int blocks(int length) {
        return (length + BLOCK - 1) / BLOCK;
    }

    /** The sum of the squares of block {@code block}'s elements, in float. */
    static float blockSumOfSquares(float[] a, int block) {
        return sumOfSquares(a, block * BLOCK, Math.min(a.length, block * BLOCK + BLOCK));
    }

    /** a[from]² + … + a[to − 1]², in float. */
    static float sumOfSquares(float[] a, int from, int to) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += a[i] * a[i];
            s1 += a[i + 1] * a[i + 1];
            s2 += a[i + 2] * a[i + 2];
            s3 += a[i + 3] * a[i + 3];
            s4 += a[i + 4] * a[i + 4];
            s5 += a[i + 5] * a[i + 5];
            s6 += a[i + 6] * a[i + 6];
            s7 += a[i + 7] * a[i + 7];
        }
        for (; i < to; i++) {
            s0 += a[i] * a[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /** The sum of the squares of every element. */
    public static double sumOfSquares(double[] a) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= a.length; i += 4) {
            s0 += a[i] * a[i];
            s1 += a[i + 1] * a[i + 1];
            s2 += a[i + 2] * a[i + 2];
            s3 += a[i + 3] * a[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
