package dev.nnc.runtime.cpu;

import static dev.nnc.runtime.cpu.VectorKernels.LANES;
import static dev.nnc.runtime.cpu.VectorKernels.MR;
import static dev.nnc.runtime.cpu.VectorKernels.NR;

import java.util.Arrays;
import java.util.List;

/**
 * The Vector API implementation: GotoBLAS/BLIS blocking around the register tile of
 * {@link VectorKernels}. Loaded only by reflection from {@link GemmProvider}, when the
 * {@code jdk.incubator.vector} module is present.
 *
 * <p>Loops, outermost first: columns of C in blocks of {@link #NC}; k in blocks of {@link #KC}, for
 * which a KC × NC block of op(B) is packed (its panels, KC × NR, are what the tile streams
 * from L1); rows in blocks of {@link #MC}, for which an MC × KC block of op(A) is packed (it stays
 * in L2 while every panel of B passes it); then panel by panel, the tiles of its 4-row strips into a
 * small buffer that is merged into C ({@link #panel}); a shallow product's tiles go into a buffer as wide as the
 * block, merged a whole row at a time ({@link #wideBlock}). A transposed B under one block of rows is not packed
 * at all: the product is computed transposed ({@link #fewRows}). Convolutions read their windows where they
 * lie in the zero-padded example, four output positions (or window rows) at a time against the filters along the vectors
 * ({@link #byPositions}, {@link #weightGradientFromInput}); the input gradient is the transposed convolution computed so.
 * Each thread packs into its own buffers, allocated once per thread.
 */
final class VectorGemm extends ParallelGemm {

    /**
     * Depth of a packed block: a KC × NR panel of B (32 KiB with AVX2, 48 with AVX-512) stays near L1. Each k block
     * is one more pass over C, so deeper is better while the panel fits (AVX2, 1536³, one thread: 42–55 GFLOP/s at
     * 256, 55–57 at 384–768).
     */
    static final int KC = NR > 16 ? 256 : 512;
    /**
     * Depth of a k block in {@link #fewRows}: its panels of Aᵀ, up to {@link #MC} × 256 floats, stay in L2
     * and a strip of B's rows (4 KiB) in L1 while it passes them. CNN fc1's forward, two threads, medians of 20 in one
     * JVM: 6.9 ms at 448, 6.4 at 128, 6.2 at 256. {@link #byPositions} blocks its window rows so too: conv2's 800 as
     * 4 × 200, a panel of Wᵀ (25 KiB) near L1 while the example's positions pass it (800 at once: within noise).
     */
    static final int FEW_ROWS_KC = 256;
    /** Rows of a packed block of A: MC × KC floats (256 KiB with AVX2) stay in L2. */
    static final int MC = 128;
    /**
     * A product this shallow (one k block) writes its blocks of C through {@link #wideBlock}, in blocks of SHALLOW_MC
     * rows: their buffer, SHALLOW_MC × NC floats (192 KiB), stays in L2 beside the packed B.
     */
    static final int SHALLOW_K = 128, SHALLOW_MC = 64;
    /**
     * Rows of C a {@link Gemm#tnInto} product computes before handing them on: 16 rows of CNN fc1's 3,136 columns fill
     * 200 KB of L2 beside its B packed whole (627 KB).
     */
    static final int SINK_ROWS = 16;
    /** The most of B, in floats, a {@link Gemm#tnInto} product packs at once: L2's size (CNN fc1's is 156,800). */
    static final int WHOLE_B = 1 << 18;
    /**
     * Panels of a shallow product with a C of at least {@link #WIDE_SHALLOW_SIZE} elements: four vectors with 32 registers
     * ({@link VectorKernels#tile4x4}; CNN fc1's weight gradient 2.85 → 2.5 ms a step), else {@link #NR}. Smaller ones keep
     * the tile the other products use: one kernel fewer for C2 to compile while a short run starts (the MLP's weight
     * gradients through it: first epoch 0.6 → 0.7–0.8 s, later epochs 5–10 % faster).
     */
    static final int SHALLOW_NR = VectorKernels.REGISTERS >= 32 ? VectorKernels.W4 : NR;
    static final long WIDE_SHALLOW_SIZE = 1L << 20;
    /** Columns of a packed block of B: whole panels, about 768 columns (1.5 MiB for KC = 512). */
    static final int NC = Math.max(1, 768 / NR) * NR;
    /**
     * A shallow {@code tn} product with a C of at least {@link #WIDE_SHALLOW_SIZE} elements and at most this many eighths of
     * A nonzero is computed from A's nonzeros ({@link #sparseRows}). A dense layer's output gradient after a ReLU and a
     * dropout is mostly zeros (CNN fc1's: 24–26 % nonzero over the first epoch), and the tiles' work is a multiply-add
     * for each of A's elements. Its weight gradient, one thread, `/tmp` probe with random values: at a quarter nonzero
     * 2.1–2.8 ms against 4.4–4.7 for the tiles, at half 4.0–5.5 against 4.6–5.5.
     */
    static final int SPARSE_EIGHTHS = 3;
    /** Below this many multiply-adds one thread is faster than waking another. */
    static final long MIN_PARALLEL_WORK = 1L << 20;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    /** The calling thread's buffers as they are now, for tests that check nothing grows (that calls allocate nothing). */
    static List<Object> buffersOfThisThread() {
        Buffers b = BUFFERS.get();
        return List.of(b.panel, b.weights, b.padded, b.wide, b.wholeB, b.offsets, b.kept, b.compact, b.sparseValues, b.counts,
                b.rowPanels);
    }

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
                    Arrays.fill(c, ci, ci + call.n, 0f);
                }
                for (int p = 0; p < call.k; p++) {
                    VectorKernels.axpy(call.n, a[ai + p], b, call.bOff + p * call.ldb, c, ci);
                }
            }
        }
        return true;
    }

    @Override
    boolean sparseA(GemmCall call) {
        if (!call.aTransposed || call.bTransposed || call.k > SHALLOW_K || (long) call.m * call.n < WIDE_SHALLOW_SIZE) {
            return false;
        }
        long nonZeros = 0;
        float[] a = call.a;
        for (int p = 0; p < call.k; p++) {
            for (int i = call.aOff + p * call.lda, end = i + call.m; i < end; i++) {
                nonZeros += a[i] != 0f ? 1 : 0;
            }
        }
        return 8 * nonZeros <= (long) SPARSE_EIGHTHS * call.k * call.m;
    }

    @Override
    void computeBlock(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo) {
        if (call.sparseA) {
            sparseRows(call, rowFrom, rowTo, BUFFERS.get());
            return;
        }
        if (!call.aTransposed && call.bTransposed && rowTo - rowFrom <= MC && VectorKernels.REGISTERS >= 32) {
            dotProducts(call, rowFrom, rowTo, colFrom, colTo);
            return;
        }
        if (!call.aTransposed && rowTo - rowFrom <= MC
                && (call.bTransposed || call.k >= POSITIONS_MIN_DEPTH && unpackedWidth(rowTo - rowFrom) == VectorKernels.W4)) {
            fewRows(call, rowFrom, rowTo, colFrom, colTo);
            return;
        }
        Buffers buf = BUFFERS.get();
        if (call.sink != null) {
            sinkRows(call, rowFrom, rowTo, buf);
            return;
        }
        float[] c = call.c;
        int ldc = call.ldc;
        boolean shallow = call.k <= SHALLOW_K; // one k block
        int nr = shallow && (long) call.m * call.n >= WIDE_SHALLOW_SIZE ? SHALLOW_NR : NR;
        for (int jc = colFrom; jc < colTo; jc += NC) {
            int nc = Math.min(NC, colTo - jc);
            int kBlock = balancedDepth(call.k);
            for (int pc = 0; pc < call.k; pc += kBlock) {
                int kc = Math.min(kBlock, call.k - pc);
                boolean add = call.accumulate || pc > 0; // later k blocks add to the first's result
                Packing.packB(call, pc, kc, jc, nc, nr, LANES, buf.b);
                for (int ic = rowFrom, rowBlock = shallow ? SHALLOW_MC : MC; ic < rowTo; ic += rowBlock) {
                    int mc = Math.min(rowBlock, rowTo - ic);
                    Packing.packA(call, ic, mc, pc, kc, MR, buf.a);
                    if (shallow) {
                        wideBlock(kc, buf.a, buf.b, mc, nc, nr, c, call.cOff + ic * ldc + jc, ldc, add, null, buf);
                        continue;
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        panel(kc, buf.a, 0, buf.b, jr * kc, mc, Math.min(NR, nc - jr), NR, c, call.cOff + ic * ldc + jc + jr, ldc, add,
                                buf.panel(mc * NR));
                    }
                }
            }
        }
    }

    /**
     * C = A · Bᵀ for at most {@link #MC} rows of A, B stored n × k (a dense layer's forward product over a batch, its
     * weights stored outputs × inputs), where there are 32 vector registers: A's rows with B's four by four
     * ({@link VectorKernels#dot4x4}), both read where they lie. Nothing is packed, A's rows are rounded up to a multiple
     * of four rather than of a panel's lanes, and nothing is written back transposed. Each four of B's rows meet all of
     * A's rows in turn, so B, the large operand, is read once. Two threads, medians of 16 alternating rounds in one JVM,
     * against {@link #fewRows}: the MLP's first layer at a batch of 100 (784 inputs, 128 outputs) 0.166–0.176 →
     * 0.121–0.128 ms; CNN fc1 at a batch of 50 (3,136 inputs, 1,024 outputs) 1.80 → 1.70 ms.
     */
    private static void dotProducts(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo) {
        int lda = call.lda, ldb = call.ldb;
        for (int j = colFrom; j < colTo; j += 4) { // four of B's rows against all of A's: B is read once
            int cols = Math.min(4, colTo - j), b0 = call.bOff + j * ldb;
            int b1 = cols > 1 ? b0 + ldb : b0, b2 = cols > 2 ? b0 + 2 * ldb : b0, b3 = cols > 3 ? b0 + 3 * ldb : b0;
            for (int i = rowFrom; i < rowTo; i += 4) {
                int rows = Math.min(4, rowTo - i), a0 = call.aOff + i * lda;
                int a1 = rows > 1 ? a0 + lda : a0, a2 = rows > 2 ? a0 + 2 * lda : a0, a3 = rows > 3 ? a0 + 3 * lda : a0;
                VectorKernels.dot4x4(call.k, call.a, a0, a1, a2, a3, call.b, b0, b1, b2, b3, call.c, call.cOff + i * call.ldc + j,
                        call.ldc, rows, cols, call.accumulate);
            }
        }
    }

    /**
     * C = A · op(B) for at most {@link #MC} rows of A (a dense layer's products over a batch, B its weights stored
     * outputs × inputs), computed transposed, Cᵀ = op(B)ᵀ · Aᵀ, so that the large operand is read where it lies and
     * never packed, against Aᵀ packed in panels of rows of A ({@link #unpackedWidth}). The tile takes four of C's columns
     * at a time: with B transposed (the forward product with 16 vector registers; with 32, {@link #dotProducts}), four
     * of B's stored rows, each contiguous in k ({@link VectorKernels#tile4x2Unpacked}); with B row-major (the input
     * gradient; only with panels four vectors wide: the two-vector tile with its offset table ran the MLP's fc1 input
     * gradient at 95 GFLOP/s against 130 packed), four neighbouring columns of B, its row p at {@code p · ldb} from each
     * through a table of those offsets ({@link VectorKernels#tile4x4Positions}), which share their cache lines, so each
     * line of B comes from memory once. Packing B instead copied CNN fc1's 12.8 MB of weights every step in both
     * products. The price is A's rows rounded up to whole panels, the last one narrower where that rounds less
     * ({@link #lastPanelWidth}: 50 examples compute as 56). The sums, columns × rows of C, stay in L2 and are written to
     * C transposed at the end.
     */
    private static void fewRows(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo) {
        Buffers buf = BUFFERS.get();
        int rows = rowTo - rowFrom, cols = colTo - colFrom, width = unpackedWidth(rows), last = lastPanelWidth(rows);
        boolean transposed = call.bTransposed;
        int panels = last == width ? (rows + width - 1) / width : rows / width + 1;
        int fullRows = (panels - 1) * width, ldt = fullRows + last, sumRows = (cols + MR - 1) / MR * MR;
        float[] a = call.a;
        int aOff = call.aOff + rowFrom * call.lda, lda = call.lda, k = call.k, ldb = call.ldb;
        int[] kept = transposed ? null : buf.kept(k);
        // over all of A's rows, not this part's: every split of C sums the same terms in the same blocks
        int keptCount = transposed ? k : keptColumns(a, call.aOff, lda, call.m, k, kept);
        // sized for every column, from the first call on: no allocation when units first die, or more of them live again
        float[] compact = transposed ? null : buf.compact(rows * k);
        if (8 * keptCount > 7 * k) {
            kept = null;
        } else { // A's columns that hold a nonzero, side by side, and the rows of B they meet
            for (int r = 0; r < rows; r++) {
                for (int t = 0, ar = aOff + r * lda; t < keptCount; t++) {
                    compact[r * keptCount + t] = a[ar + kept[t]];
                }
            }
            a = compact;
            aOff = 0;
            lda = k = keptCount;
        }
        int kBlock = balancedDepth(Math.max(1, k), FEW_ROWS_KC);
        float[] sum = buf.rowPanels(sumRows * ldt);
        Arrays.fill(sum, 0, sumRows * ldt, 0f);
        int deepest = Math.min(call.k, FEW_ROWS_KC); // the buffers for any count of A's columns kept: none allocated later
        float[] at = buf.weights(deepest * ldt);
        int[] rowStarts = transposed ? null : buf.offsets(deepest);
        for (int p = 0; rowStarts != null && p < kBlock; p++) {
            rowStarts[p] = p * ldb;
        }
        // B's row or column j + 1 of a strip: a last strip's missing ones repeat j, their sums land past the last column
        int step = transposed ? ldb : 1;
        float[] b = call.b;
        for (int pc = 0; pc < k; pc += kBlock) {
            int kc = Math.min(kBlock, k - pc);
            for (int p = 0; kept != null && p < kc; p++) { // B's rows, from the block's first row's offset below
                rowStarts[p] = (kept[pc + p] - pc) * ldb;
            }
            Packing.packRowsTransposed(a, aOff, lda, fullRows, pc, kc, width, at, 0);
            Packing.packRowsTransposed(a, aOff + fullRows * lda, lda, rows - fullRows, pc, kc, last, at, fullRows * kc);
            for (int j = 0; j < cols; j += MR) {
                int o0 = call.bOff + (transposed ? (colFrom + j) * ldb + pc : pc * ldb + colFrom + j);
                int o1 = j + 1 < cols ? o0 + step : o0;
                int o2 = j + 2 < cols ? o0 + 2 * step : o0;
                int o3 = j + 3 < cols ? o0 + 3 * step : o0;
                acrossPanels(transposed, panels, width, last, kc, rowStarts, b, o0, o1, o2, o3, at, sum, j * ldt, ldt);
            }
        }
        addTransposed(sum, ldt, rows, cols, call.c, call.cOff + rowFrom * call.ldc + colFrom, call.ldc, call.accumulate);
    }

    /**
     * Lists in {@code kept} the columns of A's {@code rows} rows (k long, {@code lda} apart from {@code off}) that hold a
     * nonzero, and returns how many. A dense layer's input gradient A · W sums nothing from a unit whose output gradient is
     * zero for every example of the batch (CNN fc1: a ReLU inactive throughout the batch for 16–23 % of its 1,024 units).
     */
    private static int keptColumns(float[] a, int off, int lda, int rows, int k, int[] kept) {
        int count = 0;
        for (int p = 0; p < k; p++) {
            boolean any = false;
            for (int r = 0, i = off + p; r < rows && !any; r++, i += lda) {
                any = a[i] != 0f;
            }
            if (any) {
                kept[count++] = p;
            }
        }
        return count;
    }

    /**
     * Four columns of C against every panel of A in {@link #fewRows}: its innermost loop in a method of its own, called
     * for each four columns, so that the JIT compiles it within a product's first calls (a product is called a few times
     * a step, and the MLP's forward ran interpreted and at C1 for its first 250 steps, at twice its compiled time).
     */
    private static void acrossPanels(boolean transposed, int panels, int width, int last, int kc, int[] rowStarts, float[] b,
                                     int o0, int o1, int o2, int o3, float[] at, float[] sum, int ti, int ldt) {
        for (int t = 0, lane = 0; t < panels; t++, lane += width) {
            int w = t < panels - 1 ? width : last, ai = lane * kc;
            if (transposed) { // two-vector panels: only with 16 registers
                VectorKernels.tile4x2Unpacked(kc, b, o0, o1, o2, o3, at, ai, sum, ti + lane, ldt);
            } else {
                positionsTile(w, kc, rowStarts, 0, b, o0, o1, o2, o3, at, ai, sum, ti + lane, ldt);
            }
        }
    }

    /**
     * C[rows × cols] at {@code c0}, rows {@code ldc} apart, (+)= the transpose of {@code sum}, whose row j holds C's column
     * j from {@code j · ldt} on: how the products computed transposed ({@link #fewRows}, {@link #byPositions},
     * {@link #weightGradientFromInput}) write their sums.
     */
    static void addTransposed(float[] sum, int ldt, int rows, int cols, float[] c, int c0, int ldc, boolean accumulate) {
        int whole = rows / 8 * 8;
        for (int i = 0; i < whole; i += 8) { // eight rows at a time: 32 contiguous bytes of sum for each column (2× faster)
            int d0 = c0 + i * ldc, d1 = d0 + ldc, d2 = d1 + ldc, d3 = d2 + ldc, d4 = d3 + ldc, d5 = d4 + ldc, d6 = d5 + ldc;
            if (accumulate) {
                addEightRows(sum, i, ldt, cols, c, d0, d1, d2, d3, d4, d5, d6, d6 + ldc);
            } else {
                storeEightRows(sum, i, ldt, cols, c, d0, d1, d2, d3, d4, d5, d6, d6 + ldc);
            }
        }
        for (int i = whole; i < rows; i++) {
            int ci = c0 + i * ldc;
            for (int j = 0; j < cols; j++) {
                c[ci + j] = accumulate ? c[ci + j] + sum[j * ldt + i] : sum[j * ldt + i];
            }
        }
    }

    /**
     * Rows d0 … d7 of C, {@code cols} long, = sum's eight values from {@code s0}, {@code ldt} further for each column: the
     * rows' offsets as locals and the column as the index, C2's range checks hoisted (Winograd's forward, 196 positions ×
     * 64 filters an example, one thread: 8.2 → 6.5 µs against offsets computed from ldc in the loop).
     */
    private static void storeEightRows(float[] sum, int s0, int ldt, int cols, float[] c, int d0, int d1, int d2, int d3,
                                       int d4, int d5, int d6, int d7) {
        for (int j = 0, s = s0; j < cols; j++, s += ldt) {
            c[d0 + j] = sum[s];
            c[d1 + j] = sum[s + 1];
            c[d2 + j] = sum[s + 2];
            c[d3 + j] = sum[s + 3];
            c[d4 + j] = sum[s + 4];
            c[d5 + j] = sum[s + 5];
            c[d6 + j] = sum[s + 6];
            c[d7 + j] = sum[s + 7];
        }
    }

    /** {@link #storeEightRows}, the values added to C's (8.4 → 6.7 µs). */
    private static void addEightRows(float[] sum, int s0, int ldt, int cols, float[] c, int d0, int d1, int d2, int d3,
                                     int d4, int d5, int d6, int d7) {
        for (int j = 0, s = s0; j < cols; j++, s += ldt) {
            c[d0 + j] += sum[s];
            c[d1 + j] += sum[s + 1];
            c[d2 + j] += sum[s + 2];
            c[d3 + j] += sum[s + 3];
            c[d4 + j] += sum[s + 4];
            c[d5 + j] += sum[s + 5];
            c[d6 + j] += sum[s + 6];
            c[d7 + j] += sum[s + 7];
        }
    }

    /**
     * The panels' width for {@code rows} rows of A in {@link #fewRows}: four vectors where there are 32 registers and that
     * rounds the rows up no further than two vectors do (50 examples: 64 either way; 100: 128 against 112), else two.
     */
    private static int unpackedWidth(int rows) {
        int w2 = VectorKernels.W2, w4 = VectorKernels.W4;
        return VectorKernels.REGISTERS >= 32 && (rows + w4 - 1) / w4 * w4 <= (rows + w2 - 1) / w2 * w2 ? w4 : w2;
    }

    /**
     * The last panel's width in {@link #fewRows}: three vectors where the rows past whole four-vector panels take more
     * than two vectors and at most three (50 examples: 32 + 24 lanes instead of 64), else {@link #unpackedWidth}.
     */
    private static int lastPanelWidth(int rows) {
        int rest = rows % VectorKernels.W4;
        return VectorKernels.REGISTERS >= 32 && rest > VectorKernels.W2 && rest <= VectorKernels.W3 ? VectorKernels.W3
                : unpackedWidth(rows);
    }

    /**
     * Windows products. The input gradient with unit strides is the transposed convolution over the output's
     * gradient with the kernels flipped ({@link Windows#transposed}, {@link Packing#packFlipped}): no window gradients
     * are folded back. A convolution with 5 × 5 kernels, unit strides and enough channels runs Winograd's F(4 × 4, 5 × 5)
     * for all three products ({@link Winograd}); another forward product at least {@link #POSITIONS_MIN_DEPTH} deep runs
     * {@link #byPositions}, a shallower one packs its windows ({@link #forward}); each packs the weights once for all its
     * examples. The weight gradient packs each example's output gradient in turn.
     */
    @Override
    void computeWindows(GemmCall call, int e0, int e1, int rowFrom, int rowTo, int colFrom, int colTo,
                        float[] c, int cOff, boolean accumulate) {
        Windows w = call.windows;
        if (call.aTransposed) {
            Windows transposed = w.transposed(call.k);
            if (transposed == null) {
                super.computeWindows(call, e0, e1, rowFrom, rowTo, colFrom, colTo, c, cOff, accumulate);
                return;
            }
            int channels = w.channels(), filters = call.k, k = transposed.rows();
            if (WINOGRAD && Winograd.applies(transposed)) {
                Winograd.forward(call.a, call.aOff, call.lda, true, channels, transposed, call.b, call.bOff, call.bStride, c, cOff,
                        call.cStride, e0, e1, accumulate);
                return;
            }
            float[] b = BUFFERS.get().weights(panels(channels) * k * POSITIONS_WIDTH);
            Packing.packFlipped(call.a, call.aOff, call.lda, filters, channels, w.kernelH(), w.kernelW(), POSITIONS_WIDTH, b);
            byPositions(transposed, b, channels, call.b, call.bOff, call.bStride, c, cOff, call.cStride, e0, e1, accumulate);
        } else if (call.bTransposed) {
            weightGradient(call, e0, e1, rowFrom, rowTo, colFrom, colTo, c, cOff, accumulate);
        } else if (WINOGRAD && Winograd.applies(w) && rowFrom == 0 && rowTo == call.m && colFrom == 0 && colTo == call.n) {
            Winograd.forward(call.a, call.aOff, call.lda, false, call.m, w, call.b, call.bOff, call.bStride, c, cOff, call.cStride, e0, e1,
                    accumulate);
        } else if (call.k >= POSITIONS_MIN_DEPTH && rowFrom == 0 && rowTo == call.m && colFrom == 0 && colTo == call.n) {
            float[] b = BUFFERS.get().weights(panels(call.m) * call.k * POSITIONS_WIDTH);
            Packing.packRowsTransposed(call.a, call.aOff, call.lda, call.m, 0, call.k, POSITIONS_WIDTH, b);
            byPositions(w, b, call.m, call.b, call.bOff, call.bStride, c, cOff, call.cStride, e0, e1, accumulate);
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
        Windows w = call.windows;
        boolean alongOutputRows = w.strideW() == 1 && colFrom == 0 && colTo == call.n;
        int nr = alongOutputRows ? POSITIONS_WIDTH : NR;
        float[] padded = buf.padded(w.paddedSize() + nr); // a panel's width of slack: see forwardAlongOutputRows
        float[] scratch = buf.panel(stripped * nr);
        for (int e = e0; e < e1; e++) {
            w.pad(call.b, call.bOff + e * call.bStride, padded);
            int ce = cOff + e * call.cStride;
            if (alongOutputRows) {
                forwardAlongOutputRows(a, stripped, k, w, padded, rows, c, ce + rowFrom * ldc, ldc, accumulate, scratch);
                continue;
            }
            for (int jc = colFrom; jc < colTo; jc += NC) {
                int nc = Math.min(NC, colTo - jc);
                for (int pc = 0; pc < k; pc += kBlock) {
                    int kc = Math.min(kBlock, k - pc);
                    boolean add = accumulate || pc > 0;
                    Packing.packWindows(padded, call.windows.rowOffset, call.windows.positionOffset, pc, kc, jc, nc, NR, LANES, buf.b);
                    for (int jr = 0; jr < nc; jr += NR) {
                        panel(kc, a, pc * stripped, buf.b, jr * kc, rows, Math.min(NR, nc - jr), NR, c, ce + rowFrom * ldc + jc + jr,
                                ldc, add, scratch);
                    }
                }
            }
        }
    }

    /**
     * Filters along the vectors in {@link #byPositions}: four vectors (16 accumulators) with 32 vector registers, two
     * with 16. Position tiles 4 × 4 ran at 96–116 GFLOP/s on one Zen 4 core where 4 × 2 ran at 76.
     */
    static final int POSITIONS_WIDTH = VectorKernels.REGISTERS >= 32 ? VectorKernels.W4 : VectorKernels.W2;
    /**
     * The least depth (window rows) for which {@link #byPositions} beats products along output rows: a tile then sums
     * enough multiply-adds to pay for its 16 stores. Conv1 (25 rows) ran slower by positions, conv2 (800) faster.
     */
    static final int POSITIONS_MIN_DEPTH = 64;
    static final String WINOGRAD_PROPERTY = "nnc.cpu.winograd";
    /**
     * {@code -Dnnc.cpu.winograd=false} computes every convolution directly, as before {@link Winograd} (the CNN's step
     * 28.2–30.3 ms so, 20.5–21.0 by Winograd): to compare rounding, or timings.
     */
    static final boolean WINOGRAD = !"false".equals(System.getProperty(WINOGRAD_PROPERTY));

    private static int panels(int filters) {
        return (filters + POSITIONS_WIDTH - 1) / POSITIONS_WIDTH;
    }

    /**
     * A convolution computed transposed, outᵀ = windowsᵀ · Wᵀ, with the filters along the vectors and output positions
     * four at a time ({@link VectorKernels#tile4x4Positions}): position q's element of window row p lies at
     * {@code positionOffset[q] + rowOffset[p]} in the zero-padded example, so the windows are read where they lie, never
     * packed, and no lane is spent past an output row's end (conv2's rows of 14 took panels of 16 before). {@code b} is
     * Wᵀ packed in panels {@link #POSITIONS_WIDTH} filters wide ({@link Packing#packRowsTransposed}); each example's
     * sums, positions × filters, stay in L2 and are written to its output (filters × positions) transposed.
     */
    private static void byPositions(Windows w, float[] b, int filters, float[] in, int inOff, int inStride,
                                    float[] out, int outOff, int outStride, int e0, int e1, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        int k = w.rows(), positions = w.positions(), width = POSITIONS_WIDTH;
        int panels = panels(filters), ldt = panels * width, kBlock = balancedDepth(k, FEW_ROWS_KC);
        float[] sum = buf.rowPanels((positions + MR - 1) / MR * MR * ldt);
        float[] padded = buf.padded(w.paddedSize());
        int[] rowOffset = w.rowOffset, positionOffset = w.positionOffset;
        for (int e = e0; e < e1; e++) {
            w.pad(in, inOff + e * inStride, padded);
            Arrays.fill(sum, 0, positions * ldt, 0f);
            for (int pc = 0; pc < k; pc += kBlock) {
                int kc = Math.min(kBlock, k - pc);
                for (int t = 0; t < panels; t++) {
                    int bi = t * k * width + pc * width;
                    for (int q = 0; q < positions; q += MR) {
                        // an edge strip's missing positions read position q again: their sums land past the last, never read
                        int o0 = positionOffset[q];
                        int o1 = q + 1 < positions ? positionOffset[q + 1] : o0;
                        int o2 = q + 2 < positions ? positionOffset[q + 2] : o0;
                        int o3 = q + 3 < positions ? positionOffset[q + 3] : o0;
                        positionsTile(width, kc, rowOffset, pc, padded, o0, o1, o2, o3, b, bi, sum, q * ldt + t * width, ldt);
                    }
                }
            }
            addTransposed(sum, ldt, filters, positions, out, outOff + e * outStride, positions, accumulate);
        }
    }

    /** The positions tile for panels {@code width} lanes wide: four, three or two vectors. */
    static void positionsTile(int width, int kc, int[] offsets, int oi, float[] a, int o0, int o1, int o2, int o3,
                              float[] b, int bi, float[] c, int ci, int ldc) {
        if (width == VectorKernels.W4) {
            VectorKernels.tile4x4Positions(kc, offsets, oi, a, o0, o1, o2, o3, b, bi, c, ci, ldc);
        } else if (width == VectorKernels.W3) {
            VectorKernels.tile4x3Positions(kc, offsets, oi, a, o0, o1, o2, o3, b, bi, c, ci, ldc);
        } else {
            VectorKernels.tile4x2Positions(kc, offsets, oi, a, o0, o1, o2, o3, b, bi, c, ci, ldc);
        }
    }

    /**
     * One example's forward product with unit horizontal stride along its output rows, in panels {@link #POSITIONS_WIDTH}
     * wide: the panel at output row y from column x0 on is, in its row p, the padded example's elements from
     * {@code rowOffset[p] + positionOffset[y, x0]} on, which {@link VectorKernels#tile4x4Rows} reads where they lie.
     * Lanes past the row's end read what follows (the padded buffer has a panel's width of slack) and are stored over
     * the next output row's first columns, which that row's tiles then overwrite; a panel whose stores would pass the
     * filter's last position, a later k block and a strip of fewer than four rows go through a buffer merged into C
     * instead. Conv1 (rows of 28, one channel), two threads: panels packed by copies and merged 104 GFLOP/s, exact panels
     * packed by runs of positions 131, unpacked 139–146 (the copies were 40 % of its time on one core).
     */
    private static void forwardAlongOutputRows(float[] a, int stripped, int k, Windows w, float[] padded, int rows,
                                               float[] c, int c0, int ldc, boolean accumulate, float[] scratch) {
        int kBlock = balancedDepth(k), outW = w.outWidth(), outH = w.outHeight(), positions = w.positions(), nr = POSITIONS_WIDTH;
        for (int pc = 0; pc < k; pc += kBlock) {
            int kc = Math.min(kBlock, k - pc), ai = pc * stripped;
            boolean add = accumulate || pc > 0;
            for (int y = 0; y < outH; y++) {
                for (int x0 = 0; x0 < outW; x0 += nr) {
                    int start = w.positionOffset[y * outW + x0], cols = Math.min(nr, outW - x0), ci = c0 + y * outW + x0;
                    boolean direct = !add && y * outW + x0 + nr <= positions; // stores within this filter's row
                    int firstBuffered = direct ? rows / MR * MR : 0; // rows from here on go through the buffer
                    for (int ir = 0; ir < firstBuffered; ir += MR) {
                        rowsTile(kc, a, ai + ir * kc, w.rowOffset, pc, padded, start, c, ci + ir * ldc, ldc);
                    }
                    for (int ir = firstBuffered; ir < rows; ir += MR) {
                        rowsTile(kc, a, ai + ir * kc, w.rowOffset, pc, padded, start, scratch, (ir - firstBuffered) * nr, nr);
                    }
                    for (int r = firstBuffered; r < rows; r++) {
                        VectorKernels.merge(cols, scratch, (r - firstBuffered) * nr, c, ci + r * ldc, add);
                    }
                }
            }
        }
    }

    private static void rowsTile(int kc, float[] a, int ai, int[] rowOffset, int ri, float[] padded, int start, float[] c, int ci,
                                 int ldc) {
        if (POSITIONS_WIDTH == VectorKernels.W4) {
            VectorKernels.tile4x4Rows(kc, a, ai, rowOffset, ri, padded, start, c, ci, ldc);
        } else {
            VectorKernels.tile4x2Rows(kc, a, ai, rowOffset, ri, padded, start, c, ci, ldc);
        }
    }

    private static void weightGradient(GemmCall call, int e0, int e1, int rowFrom, int rowTo, int colFrom, int colTo,
                                       float[] c, int cOff, boolean accumulate) {
        if (rowFrom == 0 && rowTo == call.m && colFrom == 0 && colTo == call.n) {
            if (WINOGRAD && Winograd.applies(call.windows)) {
                Winograd.weightGradient(call.a, call.aOff, call.aStride, call.m, call.windows, call.b, call.bOff, call.bStride, c, cOff,
                        call.ldc, e0, e1, accumulate);
            } else {
                weightGradientFromInput(call, e0, e1, c, cOff, accumulate);
            }
            return;
        }
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
                            panel(kc, buf.a, 0, buf.b, jr * kc, mc, Math.min(NR, nc - jr), NR, c, cOff + ic * ldc + jc + jr, ldc, add,
                                    buf.panel(mc * NR));
                        }
                    }
                }
            }
        }
    }

    /**
     * The weight gradient, its transpose computed with the windows read straight from the padded input:
     * dWᵀ = Σ_e X_e · dY_eᵀ, where A = X, rows × positions, is never packed. The tile
     * ({@link VectorKernels#tile4x4Positions}) takes four window rows r at a time and runs over the output positions q,
     * reading row r's element at {@code rowOffset[r] + positionOffset[q]}; only dYᵀ is packed, in panels of
     * {@link #POSITIONS_WIDTH} filters. The examples' sums collect in a buffer of window rows × filters that stays in
     * L2, added to C transposed at the end. (Running over the padded rows' every column instead, one offset that steps
     * by one, computed conv2's 18 columns for 14.)
     */
    private static void weightGradientFromInput(GemmCall call, int e0, int e1, float[] c, int cOff, boolean accumulate) {
        Buffers buf = BUFFERS.get();
        Windows w = call.windows;
        int filters = call.m, rows = call.n, width = POSITIONS_WIDTH, kc = w.positions();
        int panels = (filters + width - 1) / width, ldt = panels * width, stripped = (rows + MR - 1) / MR * MR;
        float[] sum = buf.rowPanels(stripped * ldt);
        Arrays.fill(sum, 0, stripped * ldt, 0f);
        float[] b = buf.weights(panels * kc * width);
        float[] padded = buf.padded(w.paddedSize());
        int[] rowOffset = w.rowOffset;
        for (int e = e0; e < e1; e++) {
            w.pad(call.b, call.bOff + e * call.bStride, padded);
            Packing.packRowsTransposed(call.a, call.aOff + e * call.aStride, kc, filters, 0, kc, width, b);
            for (int t = 0; t < panels; t++) {
                for (int r = 0; r < rows; r += MR) {
                    // an edge strip's missing rows read row r again: their sums land in rows past the last, never read
                    int o0 = rowOffset[r];
                    int o1 = r + 1 < rows ? rowOffset[r + 1] : o0;
                    int o2 = r + 2 < rows ? rowOffset[r + 2] : o0;
                    int o3 = r + 3 < rows ? rowOffset[r + 3] : o0;
                    positionsTile(width, kc, w.positionOffset, 0, padded, o0, o1, o2, o3, b, t * kc * width, sum, r * ldt + t * width, ldt);
                }
            }
        }
        addTransposed(sum, ldt, filters, rows, c, cOff, call.ldc, accumulate);
    }

    /**
     * The depth of k blocks: at most {@link #KC}, and as even as possible, so that k = 800 runs as 4 × 200
     * rather than 3 × 256 + 32 (a thin last block pays a whole pass over C for little work).
     */
    static int balancedDepth(int k) {
        return balancedDepth(k, KC);
    }

    /** {@link #balancedDepth(int)} for blocks of at most {@code max}. */
    static int balancedDepth(int k, int max) {
        int blocks = (k + max - 1) / max;
        return (k + blocks - 1) / blocks;
    }

    /**
     * C[rows × cols] at {@code c0} (+)= the packed A strips from {@code ai} (4-row strips, {@code kc} deep, one after
     * another) times one packed B panel. The tiles write into {@code scratch}, rows {@link #NR} apart, and the
     * result is then added to C row by row: a tile storing straight into a large C stalls on its four rows' cache
     * misses (different pages, one after another, behind the tile's own chain of FMAs), where the merge's row loop
     * has many of them in flight at once. Measured (1536³, one thread, alternating in one JVM): 31–35 GFLOP/s
     * storing from the tile against 42–55 merging. Partial strips and panels also need no edge case: the tile is
     * computed whole (A and B are zero-padded) and the merge copies what exists.
     */
    private static void panel(int kc, float[] a, int ai, float[] b, int bi, int rows, int cols, int nr,
                              float[] c, int c0, int ldc, boolean add, float[] scratch) {
        int w = Packing.panelWidth(cols, nr, LANES);
        for (int ir = 0; ir < rows; ir += MR) {
            columns(kc, a, ai + ir * kc, b, bi, w, scratch, ir * nr, nr, false);
        }
        for (int r = 0; r < rows; r++) {
            VectorKernels.merge(cols, scratch, r * nr, c, c0 + r * ldc, add);
        }
    }

    /**
     * A block of rows × {@code nc} columns of C for a shallow product (one k block of at most {@link #SHALLOW_K}: a
     * weight gradient over a batch), its tiles written into a buffer as wide as the block and then merged into C a
     * whole row of the block at a time. With little k per tile, writing C is most of the work, and C's rows written
     * panel by panel, 64 bytes to each of 128 rows in turn, streamed 3–5× slower than rows written whole (CNN fc1's
     * weight gradient, 12.8 MB of C, `/tmp` probe: 2.6–12.5 ms against 2.3–3.0 ms). A {@link Gemm#tnInto} hands the
     * buffer's rows to its sink instead, while they are in L2.
     */
    private static void wideBlock(int kc, float[] a, float[] b, int rows, int nc, int nr, float[] c, int c0, int ldc, boolean add,
                                  Gemm.GradientSink sink, Buffers buf) {
        int ldw = (nc + nr - 1) / nr * nr;
        float[] wide = buf.wide((rows + MR - 1) / MR * MR * ldw);
        for (int jr = 0; jr < nc; jr += nr) {
            downPanel(kc, a, b, jr, Packing.panelWidth(Math.min(nr, nc - jr), nr, LANES), rows, wide, ldw);
        }
        if (sink != null && ldw == nc && ldc == nc) { // whole rows of C, contiguous in the buffer and in C
            sink.accept(wide, 0, c0, rows * nc);
            return;
        }
        for (int r = 0; r < rows; r++) {
            if (sink != null) {
                sink.accept(wide, r * ldw, c0 + r * ldc, nc);
            } else {
                VectorKernels.merge(nc, wide, r * ldw, c, c0 + r * ldc, add);
            }
        }
    }

    /** {@link Gemm#tnInto}'s products of one k block go through {@link #sinkRows}. */
    @Override
    boolean sinksBlocks(int k) {
        return k <= SHALLOW_K;
    }

    /**
     * A {@link Gemm#tnInto} product, rows [rowFrom, rowTo) and all of C's columns (its parts split C by rows): B packed
     * whole, once, where it fits L2 ({@link #WHOLE_B}), then {@link #SINK_ROWS} rows at a time computed into the wide buffer
     * and handed on as one range of C, contiguous where C's width is a whole number of panels. The update that takes them
     * then streams through the weights as a plain loop would: handed on in blocks of 64 rows × 768 columns, 3 KB a row,
     * CNN fc1's Adam took 1.7 ms inside the product against 0.9 ms alone. A wider B goes in column blocks, a row at a time.
     */
    private static void sinkRows(GemmCall call, int rowFrom, int rowTo, Buffers buf) {
        int n = call.n, k = call.k, nr = (long) call.m * n >= WIDE_SHALLOW_SIZE ? SHALLOW_NR : NR;
        int width = (long) k * n <= WHOLE_B ? n : NC;
        float[] b = buf.wholeB(k * ((Math.min(width, n) + nr - 1) / nr * nr));
        for (int jc = 0; jc < n; jc += width) {
            int nc = Math.min(width, n - jc);
            Packing.packB(call, 0, k, jc, nc, nr, LANES, b);
            for (int ic = rowFrom; ic < rowTo; ic += SINK_ROWS) {
                int mc = Math.min(SINK_ROWS, rowTo - ic);
                Packing.packA(call, ic, mc, 0, k, MR, buf.a);
                wideBlock(k, buf.a, b, mc, nc, nr, call.c, ic * n + jc, n, false, call.sink, buf);
            }
        }
    }

    /**
     * Rows [rowFrom, rowTo) of a {@link #sparseA} product, {@link #SINK_ROWS} at a time: each row's nonzeros of A listed
     * with the offsets of the rows of B they multiply, then the row computed from them ({@link VectorKernels#sparseRow}),
     * into C or into the wide buffer handed to the call's sink. A sum runs over k in order, as the tiles' does, and
     * leaves out only A's zeros: the same floats as the tiles, for finite B. B is read where it lies.
     */
    private static void sparseRows(GemmCall call, int rowFrom, int rowTo, Buffers buf) {
        int n = call.n, k = call.k;
        float[] a = call.a, values = buf.sparseValues(SINK_ROWS * k);
        int[] offsets = buf.offsets(SINK_ROWS * k), counts = buf.counts(SINK_ROWS);
        float[] wide = call.sink == null ? null : buf.wide(SINK_ROWS * n);
        for (int ic = rowFrom; ic < rowTo; ic += SINK_ROWS) {
            int mc = Math.min(SINK_ROWS, rowTo - ic);
            Arrays.fill(counts, 0, mc, 0);
            for (int p = 0; p < k; p++) { // A's row p holds element p of each of the block's rows of Aᵀ
                int ap = call.aOff + p * call.lda + ic, bp = call.bOff + p * call.ldb;
                for (int r = 0; r < mc; r++) {
                    float v = a[ap + r];
                    if (v != 0f) {
                        int t = r * k + counts[r]++;
                        values[t] = v;
                        offsets[t] = bp;
                    }
                }
            }
            for (int r = 0; r < mc; r++) {
                if (wide != null) {
                    VectorKernels.sparseRow(counts[r], values, offsets, r * k, call.b, n, wide, r * n, false);
                } else {
                    VectorKernels.sparseRow(counts[r], values, offsets, r * k, call.b, n, call.c, call.cOff + (ic + r) * call.ldc,
                            call.accumulate);
                }
            }
            if (wide != null) {
                call.sink.accept(wide, 0, ic * n, mc * n);
            }
        }
    }

    /**
     * {@link #wideBlock}'s tiles down the panel of B at column {@code jr}, w wide: its innermost loop in a method of its
     * own, so that the JIT compiles it within a product's first calls (see {@link #acrossPanels}).
     */
    private static void downPanel(int kc, float[] a, float[] b, int jr, int w, int rows, float[] wide, int ldw) {
        for (int ir = 0; ir < rows; ir += MR) {
            columns(kc, a, ir * kc, b, jr * kc, w, wide, ir * ldw + jr, ldw, false);
        }
    }

    /** The 4 × w tile for a panel w wide: w is a whole number of vectors, at most {@link VectorKernels#NV}. */
    private static void columns(int kc, float[] a, int ai, float[] b, int bi, int w,
                                float[] c, int ci, int ldc, boolean add) {
        switch (w / LANES) {
            case 4 -> VectorKernels.tile4x4(kc, a, ai, b, bi, c, ci, ldc);
            case 3 -> VectorKernels.tile4x3(kc, a, ai, b, bi, c, ci, ldc, add);
            case 2 -> VectorKernels.tile4x2(kc, a, ai, b, bi, c, ci, ldc, add);
            default -> VectorKernels.tile4x1(kc, a, ai, b, bi, c, ci, ldc, add);
        }
    }

    /**
     * {@link ParallelGemm#pooledWeightGradient} with the Vector API where a kernel row fits a vector: each value the pooling
     * sent, times its window a kernel row at a time ({@link VectorKernels#pooledRows5}, five rows a call), each row read as
     * one vector from the padded example. CNN conv1 (one channel, 5 × 5, 28 × 28, 2 × 2 pooling after it), one thread,
     * 50 examples: 0.56 ms, against 0.76 ms on two threads for the pooling's scatter and the dense product.
     */
    @Override
    void pooledWeightGradient(PooledCall call, int e0, int e1, float[] sum) {
        Windows w = call.windows;
        int kw = w.kernelW();
        if (kw > LANES) {
            super.pooledWeightGradient(call, e0, e1, sum);
            return;
        }
        int kernelRows = w.channels() * w.kernelH(), slots = (kernelRows + 4) / 5 * 5;
        Buffers buf = BUFFERS.get();
        float[] padded = buf.padded(w.paddedSize() + LANES); // a last window's row read whole runs past the padding
        float[] acc = buf.rowPanels(call.m * slots * LANES);
        Arrays.fill(acc, 0, call.m * slots * LANES, 0f);
        for (int e = e0; e < e1; e++) {
            w.pad(call.in, call.inOff + e * call.inStride, padded);
            pooledExample(call, e, padded, kernelRows, slots, acc);
        }
        int rows = w.rows();
        for (int f = 0; f < call.m; f++) {
            for (int t = 0; t < rows; t++) {
                sum[f * rows + t] += acc[(f * slots + t / kw) * LANES + t % kw];
            }
        }
    }

    /**
     * Example e's share of {@link #pooledWeightGradient}, five kernel rows a call: in a method of its own, called once an
     * example, so that C2 compiles it whole within the first steps rather than the caller's loops on stack, three times
     * (68 ms of the compiler's time while the CNN's first steps waited on it).
     */
    private static void pooledExample(PooledCall call, int e, float[] padded, int kernelRows, int slots, float[] acc) {
        Windows w = call.windows;
        int kw = w.kernelW(), perFilter = call.gStride / call.m, positions = w.positions();
        int[] rowOffset = w.rowOffset;
        for (int f = 0; f < call.m; f++) {
            int j0 = call.gOff + e * call.gStride + f * perFilter, base = e * call.outStride + f * positions;
            for (int r = 0; r < kernelRows; r += 5) { // a last call's missing rows repeat row r: their slots are never read
                int o0 = rowOffset[r * kw];
                int o1 = r + 1 < kernelRows ? rowOffset[(r + 1) * kw] : o0;
                int o2 = r + 2 < kernelRows ? rowOffset[(r + 2) * kw] : o0;
                int o3 = r + 3 < kernelRows ? rowOffset[(r + 3) * kw] : o0;
                int o4 = r + 4 < kernelRows ? rowOffset[(r + 4) * kw] : o0;
                VectorKernels.pooledRows5(call.g, call.argmax, j0, j0 + perFilter, base, w.positionOffset, padded, o0, o1, o2, o3, o4, acc,
                        (f * slots + r) * LANES);
            }
        }
    }

    @Override
    public float sumOfSquares(float[] a, int from, int to) {
        return VectorKernels.sumOfSquares(a, from, to);
    }

    @Override
    public String toString() {
        return "VectorGemm[" + LANES + " float lanes, tile " + MR + "x" + NR + ", threads=" + threads() + "]";
    }

    /** One thread's packing buffers, sized for the largest blocks so they are never reallocated. */
    private static final class Buffers {
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        /** A panel's tiles before they are merged into C; grown to the largest seen. */
        private float[] panel = new float[MC * NR];
        /**
         * A windows product's weights, all of k packed (the weight gradient's: its dYᵀ panels; a few rows times a transposed
         * B: Aᵀ's panels); grown to the largest seen.
         */
        private float[] weights = new float[0];
        /** A windows product's example, zero-padded; grown to the largest seen. */
        private float[] padded = new float[0];

        float[] panel(int size) {
            return panel = grown(panel, size);
        }

        /** A shallow product's block of C ({@link #wideBlock}); grown to the largest seen. */
        private float[] wide = new float[0];
        /** All of a {@link #sinkRows} product's B, packed; grown to the largest seen. */
        private float[] wholeB = new float[0];

        float[] wholeB(int size) {
            return wholeB = grown(wholeB, size);
        }

        float[] wide(int size) {
            return wide = grown(wide, size);
        }

        /** {@link #fewRows}: the columns of A that hold a nonzero, and A's rows with only those. */
        private int[] kept = new int[0];
        private float[] compact = new float[0];

        int[] kept(int size) {
            return kept = grown(kept, size);
        }

        float[] compact(int size) {
            return compact = grown(compact, size);
        }

        /** A {@link #sparseRows} block's nonzeros of A, and how many each row has; grown to the largest seen. */
        private float[] sparseValues = new float[0];
        private int[] counts = new int[0];

        float[] sparseValues(int size) {
            return sparseValues = grown(sparseValues, size);
        }

        int[] counts(int size) {
            return counts = grown(counts, size);
        }

        /** A table of offsets into an operand read where it lies; grown to the largest seen. */
        private int[] offsets = new int[0];

        int[] offsets(int size) {
            return offsets = grown(offsets, size);
        }

        float[] weights(int size) {
            return weights = grown(weights, size);
        }

        float[] padded(int size) {
            return padded = grown(padded, size);
        }

        /**
         * The input gradient's B, an example's output gradient in panels along its rows, or the sums of the weight gradient
         * (window rows × filters) and of a few rows times a transposed B (Cᵀ); grown to the largest seen.
         */
        private float[] rowPanels = new float[0];

        float[] rowPanels(int size) {
            return rowPanels = grown(rowPanels, size);
        }
    }
}
