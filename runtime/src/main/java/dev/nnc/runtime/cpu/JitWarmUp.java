package dev.nnc.runtime.cpu;

/**
 * Compiles the matrix kernels while the caller does something else (loading data): a daemon thread runs
 * small products of every variant for a fixed time on a one-thread instance, so the JIT has compiled the
 * register tiles and the packing code (shared by every instance) before the first training step needs them.
 * Interpreted, the Vector API code is orders of magnitude slower than compiled.
 */
public final class JitWarmUp {
    private static final long NANOS = 400_000_000L;
    private static boolean started;
    private static volatile boolean stopped;

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
        while (!stopped && System.nanoTime() < end) {
            gemm.nn(m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
            gemm.nt(m, n, k, a, 0, k, b, 0, k, c, 0, n, true);
            gemm.nt(8, n, k, a, 0, k, b, 0, k, c, 0, n, true); // a few rows in two-vector panels: another tile
            gemm.tn(m, n, k, a, 0, m, b, 0, n, c, 0, n, false);
            gemm.nt(1, n, k, a, 0, k, b, 0, k, c, 0, n, false);
        }
    }
}
