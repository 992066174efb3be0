package dev.nnc.runtime.cpu;

/**
 * Compiles the matrix kernels while the caller does something else (loading data), so the JIT has compiled the
 * register tiles and the packing code (shared by every instance) before the first training step needs them.
 * Interpreted, the Vector API code is orders of magnitude slower than compiled.
 *
 * <p>A daemon thread runs small products of every variant on a one-thread instance, for a fixed time or until
 * {@link #stop}. A caller whose model is too large to warm by training steps turns it to {@link #tilesInstead}.
 */
public final class JitWarmUp {
    private static final long NANOS = 400_000_000L;
    /**
     * The tiles' depth and calls in {@link #tilesInstead}. HotSpot compiles a method with C2 once it has been called
     * 600 times and its calls and loop iterations reach 15,000, and a loop in a running call (on-stack replacement)
     * after 40,000 iterations (its default {@code Tier4*} thresholds, raised while C2's queue is long). A product's
     * k loops, 200 to 800 long, reach the second first: the CNN's first steps had the 4 × 4 positions tile compiled on
     * stack (108–131 ms of the one C2 thread) and then whole (39–49 ms more). At depth 24 the calls get there first.
     * The tiles are called one after another, 1,500 times each, not in rounds: with nine tiles in rounds of one call
     * each (3,000 rounds), the later ones reached C2 only while the first step ran them, on stack first (CNN cold start
     * medians 1.085–1.105 s, 6 runs); one after another, each is compiled whole, the first layer's first (1.02 s,
     * 0.92–0.93 with {@code -XX:+PrintCompilation}: the tiles all compiled 0.43–0.84 s after the JVM started).
     */
    private static final int TILE_DEPTH = 24, TILE_CALLS = 1500;
    private static boolean started;
    private static volatile boolean stopped;
    private static volatile boolean tiles;

    private JitWarmUp() {}

    /** Starts the warm-up, once per JVM; returns at once. */
    public static synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread(JitWarmUp::run, "nnc-jit-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Ends the warm-up early: the caller is compiling the kernels by running them. */
    public static void stop() {
        stopped = true;
    }

    /**
     * Turns the warm-up from small products to calling every register tile of this machine itself, with a short k, so
     * that C2 compiles each whole before a product's long loops have it compiled on stack: for a model whose first
     * training step would be the warm-up otherwise (the CNN: its trainer is built in 0.13 s, and a step in flight
     * would keep the run waiting). Measured (CNN, 6,000 examples, 8 alternating runs each, medians): cold start
     * 1.035 → 0.825 s, the 120 steps 4.60 → 4.43 s. A small model's warm-up steps compile its kernels at its shapes,
     * and every tile compiled besides costs C2's time meanwhile, so they keep the products.
     */
    public static void tilesInstead() {
        tiles = true;
    }

    private static void run() {
        Gemm gemm;
        try {
            gemm = Gemm.vector(1);
        } catch (UnsupportedOperationException e) {
            return; // the scalar kernels need no warming
        }
        int m = 24, n = 48, k = 64;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        long end = System.nanoTime() + NANOS;
        while (!stopped && !tiles && System.nanoTime() < end) {
            gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
            gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, true);
            gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
            gemm.nt(1, n, k, a, 0, k, b, 0, k, c, 0, n, false);
        }
        if (tiles && !stopped) {
            callTiles(TILE_CALLS, System.nanoTime() + NANOS);
        }
    }

    /**
     * Calls each register tile that products use on this machine {@code calls} times, one tile after another in the order
     * a convolutional network's first step needs them (the first layer's forward product first), until {@code end} or
     * {@link #stop}.
     */
    static void callTiles(int calls, long end) {
        int kc = TILE_DEPTH, w2 = VectorKernels.W2, w3 = VectorKernels.W3, w4 = VectorKernels.W4;
        float[] a = new float[VectorKernels.MR * kc]; // a packed strip, or four rows read where they lie
        float[] b = new float[kc * w4];
        float[] c = new float[VectorKernels.MR * w4];
        int[] offsets = new int[kc];
        for (int p = 0; p < kc; p++) {
            offsets[p] = p;
        }
        boolean wide = VectorKernels.REGISTERS >= 32;
        VectorUpdates updates = new VectorUpdates();
        float[] w = new float[kc + 1], mean = new float[kc + 1], variance = new float[kc + 1];
        int[] bRows = new int[kc]; // a weight gradient's row from A's nonzeros: rows of b, VectorKernels.W4 apart
        for (int p = 0; p < kc; p++) {
            bRows[p] = p * w4 % (b.length - 9 * VectorKernels.LANES - 1);
        }
        for (int tile = 0; tile < 11; tile++) { // with 16 registers, the two-vector tiles in the same order
            for (int i = 0; i < calls && !stopped && System.nanoTime() < end; i++) {
                boolean add = (i & 1) == 0; // both of the stores' paths
                switch (tile) {
                    case 0 -> {
                        if (wide) {
                            VectorKernels.tile4x4Rows(kc, a, 0, offsets, 0, b, 0, c, 0, w4);
                        } else {
                            VectorKernels.tile4x2Rows(kc, a, 0, offsets, 0, b, 0, c, 0, w2);
                        }
                    }
                    case 1 -> {
                        if (wide) {
                            VectorKernels.tile4x4Unpacked(kc, a, 0, kc, 2 * kc, 3 * kc, b, 0, c, 0, w4);
                        } else {
                            VectorKernels.tile4x2Unpacked(kc, a, 0, kc, 2 * kc, 3 * kc, b, 0, c, 0, w2);
                        }
                    }
                    case 2 -> {
                        if (wide) {
                            // kc steps of a vector each, as the other tiles step a row; rows of b for both operands
                            int kd = kc * VectorKernels.LANES, rows = 1 + (i & 3), cols = 1 + (i >> 2 & 3); // last tiles too
                            VectorKernels.dot4x4(kd, b, 0, kd, 2 * kd, 3 * kd, b, 0, kd, 2 * kd, 3 * kd, c, 0, w4, rows, cols, add);
                        }
                    }
                    case 3 -> {
                        if (wide) {
                            VectorKernels.tile4x4(kc, a, 0, b, 0, c, 0, w4);
                        }
                    }
                    case 4 -> {
                        if (wide) {
                            VectorKernels.tile4x4Positions(kc, offsets, 0, a, 0, 1, 2, 3, b, 0, c, 0, w4);
                        } else {
                            VectorKernels.tile4x2Positions(kc, offsets, 0, a, 0, 1, 2, 3, b, 0, c, 0, w2);
                        }
                    }
                    case 5 -> {
                        if (wide) {
                            VectorKernels.tile4x3Positions(kc, offsets, 0, a, 0, 1, 2, 3, b, 0, c, 0, w3);
                        }
                    }
                    case 6 -> { // a first convolution's weight gradient from its pooling's: kc values, at offsets 0 … kc − 1
                        int l = VectorKernels.LANES;
                        VectorKernels.pooledRows5(a, offsets, 0, kc - (i & 1), 0, offsets, b, 0, l, 2 * l, 3 * l, 4 * l, c, 0);
                    }
                    case 7 -> VectorKernels.tile4x2(kc, a, 0, b, 0, c, 0, w2, add);
                    case 8 -> {
                        if (VectorKernels.NV == 3) {
                            VectorKernels.tile4x3(kc, a, 0, b, 0, c, 0, w3, add);
                        }
                    }
                    case 9 -> // a large dense layer's weight gradient from its mostly zero output gradient (VectorGemm.sparseRows)
                            VectorKernels.sparseRow(kc - (i & 7), a, bRows, 0, b, (8 + (i & 1)) * VectorKernels.LANES + 1, c, 0, add);
                    default -> // a large dense layer's Adam update from its weight gradient's blocks (Gemm.tnInto), last in a step
                            updates.adam(w, c, 1, mean, variance, 0, kc + (i & 1), 1e-4f, 0.9f, 0.1f, 0.999f, 0.001f, 1e-3f, 1f, 1e-8f);
                }
            }
        }
    }
}
