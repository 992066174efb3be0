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
                            tile(kc, buf, ir * kc, jr * kc, rows, cols, c, ci, ldc, add);
                        }
                    }
                }
            }
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
    private static void tile(int kc, Buffers buf, int ai, int bi, int rows, int cols,
                             float[] c, int ci, int ldc, boolean add) {
        int w = Packing.panelWidth(cols, NR, LANES);
        if (rows == MR && cols == w) {
            columns(kc, buf, ai, bi, w, c, ci, ldc, add);
            return;
        }
        // An edge: compute the whole zero-padded tile into scratch, then copy out what exists.
        float[] t = buf.tile;
        columns(kc, buf, ai, bi, w, t, 0, NR, false);
        for (int r = 0; r < rows; r++) {
            int cr = ci + r * ldc;
            int tr = r * NR;
            for (int j = 0; j < cols; j++) {
                c[cr + j] = add ? c[cr + j] + t[tr + j] : t[tr + j];
            }
        }
    }

    /** The 4 × w tile for a panel w wide: w is a whole number of vectors, at most {@link VectorKernels#NV}. */
    private static void columns(int kc, Buffers buf, int ai, int bi, int w,
                                float[] c, int ci, int ldc, boolean add) {
        switch (w / LANES) {
            case 3 -> VectorKernels.tile4x3(kc, buf.a, ai, buf.b, bi, c, ci, ldc, add);
            case 2 -> VectorKernels.tile4x2(kc, buf.a, ai, buf.b, bi, c, ci, ldc, add);
            default -> VectorKernels.tile4x1(kc, buf.a, ai, buf.b, bi, c, ci, ldc, add);
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
    }
}
