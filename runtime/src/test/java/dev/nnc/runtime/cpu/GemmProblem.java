package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;

/**
 * One product with random inputs, its double-precision reference and an error bound. When padded,
 * the matrices sit at offsets inside larger arrays with leading dimensions past their width; the
 * gaps of A and B hold NaN (reading one spoils a result) and the gaps of C a sentinel (writing one
 * is caught). Without accumulation C starts as NaN, so reading it spoils the result too.
 */
final class GemmProblem {

    private static final float SENTINEL = 777f;
    /** Unit roundoff of float. */
    private static final double U = Math.ulp(1f) / 2;

    final GemmVariant variant;
    final int m, n, k;
    final float[] a, b, c;
    final int aOff, lda, bOff, ldb, cOff, ldc;
    final boolean accumulate;
    private final double[] expected;
    private final double[] bound;

    private GemmProblem(Random random, GemmVariant variant, int m, int n, int k, boolean padded, boolean accumulate) {
        this.variant = variant;
        this.m = m;
        this.n = n;
        this.k = k;
        this.accumulate = accumulate;
        int aRows = variant.aTransposed() ? k : m, aCols = variant.aTransposed() ? m : k;
        int bRows = variant.bTransposed() ? n : k, bCols = variant.bTransposed() ? k : n;
        aOff = padded ? 3 : 0;
        lda = aCols + (padded ? 5 : 0);
        bOff = padded ? 1 : 0;
        ldb = bCols + (padded ? 2 : 0);
        cOff = padded ? 2 : 0;
        ldc = n + (padded ? 3 : 0);
        a = matrix(random, aRows, aCols, aOff, lda, Float.NaN, false);
        b = matrix(random, bRows, bCols, bOff, ldb, Float.NaN, false);
        c = matrix(random, m, n, cOff, ldc, SENTINEL, !accumulate);
        expected = new double[m * n];
        bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double c0 = accumulate ? c[cOff + i * ldc + j] : 0;
                double sum = c0, magnitude = Math.abs(c0);
                for (int p = 0; p < k; p++) {
                    double product = (double) opA(i, p) * opB(p, j);
                    sum += product;
                    magnitude += Math.abs(product);
                }
                expected[i * n + j] = sum;
                // Float summation of k + 1 terms in any order errs by at most about (k + 1) u Σ|terms|.
                bound[i * n + j] = 2 * (k + 2) * U * magnitude + Float.MIN_NORMAL;
            }
        }
    }

    static GemmProblem random(Random random, GemmVariant variant, int m, int n, int k, boolean padded, boolean accumulate) {
        return new GemmProblem(random, variant, m, n, k, padded, accumulate);
    }

    void runOn(Gemm gemm) {
        switch (variant) {
            case NN -> gemm.nn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            case NT -> gemm.nt(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            case TN -> gemm.tn(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        }
    }

    /** Fails, naming the first wrong element, unless C holds the product and its gaps are intact. */
    void check(String what) {
        for (int index = 0; index < c.length; index++) {
            int rel = index - cOff;
            int i = Math.floorDiv(rel, ldc), j = Math.floorMod(rel, ldc);
            boolean inside = rel >= 0 && i < m && j < n;
            if (!inside) {
                if (c[index] != SENTINEL) {
                    fail(what + ": wrote C outside the matrix at array index " + index + ": " + c[index]);
                }
                continue;
            }
            double want = expected[i * n + j];
            if (!(Math.abs(c[index] - want) <= bound[i * n + j])) {
                fail(String.format("%s: C(%d,%d) = %s, expected %s within %s", what, i, j, c[index], want, bound[i * n + j]));
            }
        }
    }

    private float opA(int i, int p) {
        return variant.aTransposed() ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    private float opB(int p, int j) {
        return variant.bTransposed() ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** rows×cols random values in [-1, 1) at off with leading dimension ld; the rest is {@code gap}. */
    private static float[] matrix(Random random, int rows, int cols, int off, int ld, float gap, boolean nanInside) {
        int size = rows == 0 ? off : off + (rows - 1) * ld + cols;
        float[] x = new float[size + (off > 0 ? 4 : 0)]; // padded: some room after the last row too
        Arrays.fill(x, gap);
        for (int r = 0; r < rows; r++) {
            for (int col = 0; col < cols; col++) {
                x[off + r * ld + col] = nanInside ? Float.NaN : random.nextFloat() * 2 - 1;
            }
        }
        return x;
    }
}
