package dev.nnc.runtime.cpu;

/**
 * Double-precision matrix products with {@link Gemm}'s conventions, in plain loops: the kernels of
 * the double-precision models that gradient checks generate. Accuracy, not speed, is the point.
 */
public final class DoubleGemm {
    private DoubleGemm() {}

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    public static void nn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * lda + p] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }

    /** C[m×n] (+)= A[m×k] · Bᵀ, B stored n×k. */
    public static void nt(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + i * lda + p] * b[bOff + j * ldb + p];
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }

    /** C[m×n] (+)= Aᵀ · B[k×n], A stored k×m. */
    public static void tn(int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                          double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[aOff + p * lda + i] * b[bOff + p * ldb + j];
                }
                c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
            }
        }
    }

    /** {@link Gemm#nnWindows}: per example e, C_e[m × positions] (+)= A[m × rows] · the windows of input e. */
    public static void nnWindows(int m, double[] a, int aOff, int lda, Windows w, double[] in, int inOff, int inStride,
                                 double[] c, int cOff, int cStride, int count, boolean accumulate) {
        int k = w.rows(), n = w.positions();
        for (int e = 0; e < count; e++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + i * lda + p] * w.value(in, inOff + e * inStride, p, j);
                    }
                    int ci = cOff + e * cStride + i * n + j;
                    c[ci] = accumulate ? c[ci] + s : s;
                }
            }
        }
    }

    /** {@link Gemm#ntWindows}: C[m × rows] (+)= Σ_e A_e[m × positions] · (the windows of input e)ᵀ. */
    public static void ntWindows(int m, double[] a, int aOff, int aStride, Windows w, double[] in, int inOff, int inStride,
                                 double[] c, int cOff, int count, boolean accumulate) {
        int k = w.positions(), n = w.rows();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int e = 0; e < count; e++) {
                    for (int p = 0; p < k; p++) {
                        s += a[aOff + e * aStride + i * k + p] * w.value(in, inOff + e * inStride, j, p);
                    }
                }
                c[cOff + i * n + j] = accumulate ? c[cOff + i * n + j] + s : s;
            }
        }
    }

    /** {@link Gemm#ntWindowsPooled}: {@link #ntWindows} with A_e zero but where the pooling sent its gradient. */
    public static void ntWindowsPooled(int m, double[] g, int[] argmax, int gOff, int gStride, int outStride, Windows w, double[] in,
                                       int inOff, int inStride, double[] c, int cOff, int count, boolean accumulate) {
        int rows = w.rows(), positions = w.positions(), perFilter = gStride / m;
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * rows, 0);
        }
        for (int e = 0; e < count; e++) {
            for (int f = 0; f < m; f++) {
                for (int j = gOff + e * gStride + f * perFilter, end = j + perFilter; j < end; j++) {
                    int q = argmax[j] - e * outStride - f * positions;
                    for (int t = 0; t < rows; t++) {
                        c[cOff + f * rows + t] += g[j] * w.value(in, inOff + e * inStride, t, q);
                    }
                }
            }
        }
    }

    /** {@link Gemm#tnWindows}: per example e, D_e (+)= the window gradients Aᵀ · G_e folded back onto the input. */
    public static void tnWindows(int m, double[] a, int aOff, int lda, Windows w, double[] g, int gOff, int gStride,
                                 double[] d, int dOff, int dStride, int count, boolean accumulate) {
        int rows = w.rows(), n = w.positions();
        for (int e = 0; e < count; e++) {
            int de = dOff + e * dStride, ge = gOff + e * gStride;
            if (!accumulate) {
                java.util.Arrays.fill(d, de, de + w.inputSize(), 0);
            }
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < n; q++) {
                    int x = w.inputIndex(r, q);
                    if (x >= 0) {
                        double s = 0;
                        for (int f = 0; f < m; f++) {
                            s += a[aOff + f * lda + r] * g[ge + f * n + q];
                        }
                        d[de + x] += s;
                    }
                }
            }
        }
    }
}
