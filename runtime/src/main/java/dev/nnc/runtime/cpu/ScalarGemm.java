package dev.nnc.runtime.cpu;

/**
 * Plain Java loops, for JVMs started without the Vector API module. The loop orders keep the
 * innermost loop contiguous in memory (a row of C and a row of B for nn and tn, a row of A and one
 * of B for nt), which is what the JIT compiles best; there is no cache blocking.
 */
final class ScalarGemm extends ParallelGemm {

    /** Below about 64³ multiply-adds one thread is faster than waking another. */
    static final long MIN_PARALLEL_WORK = 1L << 18;

    ScalarGemm(int threads) {
        this(threads, MIN_PARALLEL_WORK);
    }

    ScalarGemm(int threads, long minParallelWork) {
        super(threads, minParallelWork, 1, 16, "nnc-gemm-scalar");
    }

    @Override
    void computeBlock(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo) {
        if (call.bTransposed) {
            dotProducts(call, rowFrom, rowTo, colFrom, colTo);
        } else {
            rowUpdates(call, rowFrom, rowTo, colFrom, colTo);
        }
    }

    /** nn and tn: row i of C accumulates A(i, p) · row p of B over p. */
    private static void rowUpdates(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo) {
        float[] b = call.b;
        float[] c = call.c;
        int width = colTo - colFrom;
        for (int i = rowFrom; i < rowTo; i++) {
            int ci = call.cOff + i * call.ldc + colFrom;
            if (!call.accumulate) {
                java.util.Arrays.fill(c, ci, ci + width, 0f);
            }
            for (int p = 0; p < call.k; p++) {
                float aip = call.a(i, p);
                int bp = call.bOff + p * call.ldb + colFrom;
                for (int j = 0; j < width; j++) {
                    c[ci + j] += aip * b[bp + j];
                }
            }
        }
    }

    /** nt: C(i, j) is the dot product of row i of A and row j of B. */
    private static void dotProducts(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo) {
        float[] a = call.a;
        float[] b = call.b;
        float[] c = call.c;
        int k = call.k;
        for (int i = rowFrom; i < rowTo; i++) {
            int ai = call.aOff + i * call.lda;
            int ci = call.cOff + i * call.ldc;
            for (int j = colFrom; j < colTo; j++) {
                int bj = call.bOff + j * call.ldb;
                // Four partial sums: independent additions instead of one serial chain.
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int p = 0;
                for (; p + 4 <= k; p += 4) {
                    s0 += a[ai + p] * b[bj + p];
                    s1 += a[ai + p + 1] * b[bj + p + 1];
                    s2 += a[ai + p + 2] * b[bj + p + 2];
                    s3 += a[ai + p + 3] * b[bj + p + 3];
                }
                for (; p < k; p++) {
                    s0 += a[ai + p] * b[bj + p];
                }
                float sum = (s0 + s1) + (s2 + s3);
                c[ci + j] = call.accumulate ? c[ci + j] + sum : sum;
            }
        }
    }

    @Override
    public String toString() {
        return "ScalarGemm[threads=" + threads() + "]";
    }
}
