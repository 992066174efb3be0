package dev.nnc.runtime.cpu;

import static dev.nnc.runtime.cpu.VectorKernels.LANES;
import static dev.nnc.runtime.cpu.VectorKernels.MR;
import static dev.nnc.runtime.cpu.VectorKernels.NR;

/**
 * The Vector API implementation: GotoBLAS/BLIS blocking around the register tile of
 * {@link VectorKernels}. Loaded only by reflection from {@link GemmProvider}, when the
 * {@code jdk.incubator.vector} module is present.
 *
 * <p>Loops, outermost first: columns of C in blocks of {@link #NC}; k in blocks of {@link #KC}, for
 * which a KC × NC block of op(B) is packed (its panels, KC × NR, are what the tile streams
 * from L1); rows in blocks of {@link #MC}, for which an MC × KC block of op(A) is packed (it stays
 * in L2 while every panel of B passes it); then panel by panel, 4-row strip by strip, the tile.
 * Each thread packs into its own buffers, allocated once per thread.
 */
final class VectorGemm extends ParallelGemm {

    /** Depth of a packed block: a KC × NR panel of B (16 KiB with AVX2, 48 with AVX-512) stays near L1. */
    static final int KC = 256;
    /** Rows of a packed block of A: MC × KC floats (128 KiB) stay in L2. */
    static final int MC = 128;
    /** Columns of a packed block of B: whole panels, about 768 columns (768 KiB for KC = 256). */
    static final int NC = Math.max(1, 768 / NR) * NR;
    /** Below this many multiply-adds one thread is faster than waking another. */
    static final long MIN_PARALLEL_WORK = 1L << 20;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    VectorGemm(int threads) {
        this(threads, MIN_PARALLEL_WORK);
    }

    VectorGemm(int threads, long minParallelWork) {
        super(requireWideVectors(threads), minParallelWork, MR, NR, "nnc-gemm-vector");
    }

    /** Fails before the worker threads start when vectors are too narrow to beat scalar code. */
    private static int requireWideVectors(int threads) {
        if (VectorKernels.SPECIES.vectorBitSize() < 128) {
            throw new UnsupportedOperationException("the Vector API's preferred float species here is only "
                    + VectorKernels.SPECIES.vectorBitSize() + " bits wide");
        }
        return threads;
    }

    /**
     * Fewer rows than a register tile (inference on one example, say) with A stored row-major: dot products
     * of A's rows with B's rows ({@code nt}) or sums of B's rows scaled by A's elements ({@code nn}), straight
     * from the operands. Packing B and computing a whole 4-row tile would do more work than the product.
     */
    @Override
    boolean computeFewRows(GemmCall call) {
        if (call.m >= MR || call.aTransposed) {
            return false;
        }
        float[] a = call.a, b = call.b, c = call.c;
        for (int i = 0; i < call.m; i++) {
            int ai = call.aOff + i * call.lda;
            int ci = call.cOff + i * call.ldc;
            if (call.bTransposed) {
                for (int j = 0; j < call.n; j++) {
                    float s = VectorKernels.dot(call.k, a, ai, b, call.bOff + j * call.ldb);
                    c[ci + j] = call.accumulate ? c[ci + j] + s : s;
                }
            } else {
                if (!call.accumulate) {
                    java.util.Arrays.fill(c, ci, ci + call.n, 0f);
                }
                for (int p = 0; p < call.k; p++) {
                    VectorKernels.axpy(call.n, a[ai + p], b, call.bOff + p * call.ldb, c, ci);
                }
            }
        }
        return true;
    }

    @Override
    void computeBlock(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo) {
        Buffers buf = BUFFERS.get();
        float[] c = call.c;
        int ldc = call.ldc;
        for (int jc = colFrom; jc < colTo; jc += NC) {
            int nc = Math.min(NC, colTo - jc);
            int kBlock = balancedDepth(call.k);
            for (int pc = 0; pc < call.k; pc += kBlock) {
                int kc = Math.min(kBlock, call.k - pc);
                boolean add = call.accumulate || pc > 0; // later k blocks add to the first's result
                Packing.packB(call, pc, kc, jc, nc, NR, LANES, buf.b);
                for (int ic = rowFrom; ic < rowTo; ic += MC) {
                    int mc = Math.min(MC, rowTo - ic);
                    Packing.packA(call, ic, mc, pc, kc, MR, buf.a);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int rows = Math.min(MR, mc - ir);
                            int ci = call.cOff + (ic + ir) * ldc + jc + jr;
                            tile(kc, buf.a, ir * kc, buf.b, jr * kc, rows, cols, c, ci, ldc, add, buf.tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * Windows products form op(B) from the input while packing it ({@link Packing#packWindows}). The forward
     * product packs A, the weights, once for all its examples (at most about {@code m × k} floats, kept per
     * thread); the weight gradient packs each example's A, the output's gradient, in turn.
     */
    @Override
    void computeWindows(GemmCall call, int e0, int e1, int rowFrom, int rowTo, int colFrom, int colTo,
                        float[] c, int cOff, boolean accumulate) {
        if (call.aTransposed) {
            if (call.windows.strideW() == 1) {
                inputGradient(call, e0, e1, c, cOff, accumulate);
            } else {
                super.computeWindows(call, e0, e1, rowFrom, rowTo, colFrom, colTo, c, cOff, accumulate);
            }
        } else if (call.bTransposed) {
            weightGradient(call, e0, e1, rowFrom, rowTo, colFrom, colTo, c, cOff, accumulate);
        } else {
            forward(call, e0, e1, rowFrom, rowTo, colFrom, colTo, c, cOff, accumulate);
        }
    }

    private static void forward(GemmCall call, int e0, int e1, int rowFrom, int rowTo, int colFrom, int colTo,
                                float[] c, int cOff, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        int k = call.k, kBlock = balancedDepth(k), ldc = call.ldc;
        int rows = rowTo - rowFrom, stripped = (rows + MR - 1) / MR * MR;
        float[] a = buf.weights(stripped * k);
        for (int pc = 0; pc < k; pc += kBlock) {
            Packing.packA(call, call.aOff, rowFrom, rows, pc, Math.min(kBlock, k - pc), MR, a, pc * stripped);
        }
        float[] padded = buf.padded(call.windows.paddedSize());
        for (int e = e0; e < e1; e++) {
            call.windows.pad(call.b, call.bOff + e * call.bStride, padded);
            int ce = cOff + e * call.cStride;
            for (int jc = colFrom; jc < colTo; jc += NC) {
                int nc = Math.min(NC, colTo - jc);
                for (int pc = 0; pc < k; pc += kBlock) {
                    int kc = Math.min(kBlock, k - pc);
                    boolean add = accumulate || pc > 0;
                    Packing.packWindows(padded, call.windows.rowOffset, call.windows.positionOffset, pc, kc, jc, nc, NR, LANES, buf.b);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int cols = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < rows; ir += MR) {
                            int ci = ce + (rowFrom + ir) * ldc + jc + jr;
                            tile(kc, a, pc * stripped + ir * kc, buf.b, jr * kc, Math.min(MR, rows - ir), cols, c, ci, ldc, add,
                                    buf.tile);
                        }
                    }
                }
            }
        }
    }

    private static void weightGradient(GemmCall call, int e0, int e1, int rowFrom, int rowTo, int colFrom, int colTo,
                                       float[] c, int cOff, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        int k = call.k, kBlock = balancedDepth(k), ldc = call.ldc;
        float[] padded = buf.padded(call.windows.paddedSize());
        for (int e = e0; e < e1; e++) {
            call.windows.pad(call.b, call.bOff + e * call.bStride, padded);
            int aOff = call.aOff + e * call.aStride;
            for (int jc = colFrom; jc < colTo; jc += NC) {
                int nc = Math.min(NC, colTo - jc);
                for (int pc = 0; pc < k; pc += kBlock) {
                    int kc = Math.min(kBlock, k - pc);
                    boolean add = accumulate || e > e0 || pc > 0; // the examples' products are summed
                    Packing.packWindows(padded, call.windows.positionOffset, call.windows.rowOffset, pc, kc, jc, nc, NR, LANES, buf.b);
                    for (int ic = rowFrom; ic < rowTo; ic += MC) {
                        int mc = Math.min(MC, rowTo - ic);
                        Packing.packA(call, aOff, ic, mc, pc, kc, MR, buf.a, 0);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int cols = Math.min(NR, nc - jr);
                            for (int ir = 0; ir < mc; ir += MR) {
                                int ci = cOff + (ic + ir) * ldc + jc + jr;
                                tile(kc, buf.a, ir * kc, buf.b, jr * kc, Math.min(MR, mc - ir), cols, c, ci, ldc, add, buf.tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * The input gradient with unit horizontal stride, folded as it is computed: B is the output's gradient packed in
     * panels that each cover part of one output row (the lanes past the row's end zero), so that a tile's row of
     * window gradients, row (c, i, j) at output row y from column x0 on, lands on consecutive elements of the padded
     * input gradient, from {@code rowOffset[c, i, j] + positionOffset[y, x0]}: the tile adds its vectors there
     * ({@link VectorKernels#tile4x2Rows}). The zero lanes add exactly zero to the elements past the row (the buffer
     * has a panel's width of slack for the last ones). No rows × positions matrix is stored and none read back.
     */
    private static void inputGradient(GemmCall call, int e0, int e1, float[] d, int dOff, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        Windows w = call.windows;
        int rows = call.m, k = call.k, kBlock = balancedDepth(k), stripped = (rows + MR - 1) / MR * MR;
        float[] a = buf.weights(stripped * k);
        for (int pc = 0; pc < k; pc += kBlock) {
            Packing.packA(call, call.aOff, 0, rows, pc, Math.min(kBlock, k - pc), MR, a, pc * stripped);
        }
        int width = VectorKernels.FOLD_WIDTH, outW = w.outWidth();
        int perRow = (outW + width - 1) / width, panels = w.outHeight() * perRow;
        float[] b = buf.rowPanels(kBlock * panels * width);
        float[] grad = buf.padded(w.paddedSize() + width);
        int[] rowOffset = w.rowOffset, positionOffset = w.positionOffset;
        for (int e = e0; e < e1; e++) {
            java.util.Arrays.fill(grad, 0, w.paddedSize(), 0f);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                Packing.packOutputRows(call.b, call.bOff + e * call.bStride, w.outHeight(), outW, pc, kc, width, b);
                for (int t = 0; t < panels; t++) {
                    int at = positionOffset[t / perRow * outW + t % perRow * width], bi = t * kc * width;
                    for (int ir = 0; ir < rows; ir += MR) {
                        // an edge strip's missing rows are zero in A: they add zero to the strip's first row
                        int o0 = at + rowOffset[ir];
                        int o1 = ir + 1 < rows ? at + rowOffset[ir + 1] : o0;
                        int o2 = ir + 2 < rows ? at + rowOffset[ir + 2] : o0;
                        int o3 = ir + 3 < rows ? at + rowOffset[ir + 3] : o0;
                        VectorKernels.tile4x2Rows(kc, a, pc * stripped + ir * kc, b, bi, grad, o0, o1, o2, o3, true);
                    }
                }
            }
            w.unpad(grad, d, dOff + e * call.cStride, accumulate);
        }
    }

    /**
     * The depth of k blocks: at most {@link #KC}, and as even as possible, so that k = 800 runs as 4 × 200
     * rather than 3 × 256 + 32 (a thin last block pays a whole pass over C for little work).
     */
    static int balancedDepth(int k) {
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /** One register tile of C, of which {@code rows} × {@code cols} exist. */
    private static void tile(int kc, float[] a, int ai, float[] b, int bi, int rows, int cols,
                             float[] c, int ci, int ldc, boolean add, float[] t) {
        int w = Packing.panelWidth(cols, NR, LANES);
        if (rows == MR && cols == w) {
            columns(kc, a, ai, b, bi, w, c, ci, ldc, add);
            return;
        }
        // An edge: compute the whole zero-padded tile into scratch t, then copy out what exists.
        columns(kc, a, ai, b, bi, w, t, 0, NR, false);
        for (int r = 0; r < rows; r++) {
            int cr = ci + r * ldc;
            int tr = r * NR;
            for (int j = 0; j < cols; j++) {
                c[cr + j] = add ? c[cr + j] + t[tr + j] : t[tr + j];
            }
        }
    }

    /** The 4 × w tile for a panel w wide: w is a whole number of vectors, at most {@link VectorKernels#NV}. */
    private static void columns(int kc, float[] a, int ai, float[] b, int bi, int w,
                                float[] c, int ci, int ldc, boolean add) {
        switch (w / LANES) {
            case 3 -> VectorKernels.tile4x3(kc, a, ai, b, bi, c, ci, ldc, add);
            case 2 -> VectorKernels.tile4x2(kc, a, ai, b, bi, c, ci, ldc, add);
            default -> VectorKernels.tile4x1(kc, a, ai, b, bi, c, ci, ldc, add);
        }
    }

    @Override
    public String toString() {
        return "VectorGemm[" + LANES + " float lanes, tile " + MR + "x" + NR + ", threads=" + threads() + "]";
    }

    /** One thread's packing buffers, sized for the largest blocks so they are never reallocated. */
    private static final class Buffers {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        /** A windows product's weights, all of k packed; grown to the largest seen. */
        private float[] weights = new float[0];
        /** A windows product's example, zero-padded; grown to the largest seen. */
        private float[] padded = new float[0];

        float[] weights(int size) {
            return weights = grown(weights, size);
        }

        float[] padded(int size) {
            return padded = grown(padded, size);
        }

        /** The input gradient's B: an example's output gradient in panels along its rows; grown to the largest seen. */
        private float[] rowPanels = new float[0];

        float[] rowPanels(int size) {
            return rowPanels = grown(rowPanels, size);
        }
    }
}
