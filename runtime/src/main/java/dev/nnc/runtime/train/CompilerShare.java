package dev.nnc.runtime.train;

import dev.nnc.runtime.cpu.Gemm;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Leaves the JIT compiler a core while it is busy compiling the run's code and the steps are short: every
 * {@link #WINDOW} steps, when the compiler threads spent at least half of that wall time compiling, the matrix kernels
 * use one thread fewer for the next window, and all of them again once the compiler has quietened. On this 2-core
 * machine the MLP's first epoch pays about 0.8 s of C2 compilation within its first 200 steps, and a product split
 * between both cores waits for the one the compiler shares. Measured (16 alternating runs each, medians): the first
 * epoch 0.685 → 0.63 s and 0.71 → 0.675 s; warm epochs stay on both threads (0.4 s; 0.5 on one). The compilation time
 * comes from {@link CompilationMXBean} (HotSpot sums each compilation's wall time over its compiler threads); a JVM that
 * does not report it keeps all threads. Results do not depend on the threads used.
 */
final class CompilerShare {
    /** Steps between decisions: a few milliseconds for the MLP, enough for the millisecond clock of compilation time. */
    static final int WINDOW = 8;
    /**
     * Steps shorter than this wait on the compiler (one C2 compilation here takes 5–80 ms): many of them run slow
     * until it is done, and a core given to it pays. Longer steps are mostly their own compiled work (the CNN's 20–40 ms
     * steps: its first 60 took 2.28 s on both threads, 2.41 s with one given to the compiler while it was busy).
     */
    static final long SHORT_STEP_NANOS = 10_000_000L;

    private static volatile CompilationMXBean bean;

    private final Gemm gemm;
    private final LongSupplier compiledMillis, nanos;
    private int steps;
    private long windowStart, compiledAtStart;

    /** {@code compiledMillis}: the compilation time so far; {@code nanos}: a clock. */
    CompilerShare(Gemm gemm, LongSupplier compiledMillis, LongSupplier nanos) {
        this.gemm = gemm;
        this.compiledMillis = compiledMillis;
        this.nanos = nanos;
        this.windowStart = nanos.getAsLong();
        this.compiledAtStart = compiledMillis.getAsLong();
    }

    /** Looks the compilation bean up on a thread of its own (about 16 ms on a cold JVM): returns at once. */
    static void prepareInBackground() {
        Thread t = new Thread(CompilerShare::bean, "nnc-compiler-share");
        t.setDaemon(true);
        t.start();
    }

    /** Watches the compiler for a run whose steps use {@code gemm}; null when the JVM does not report compilation time. */
    static CompilerShare watch(Gemm gemm) {
        CompilationMXBean jit = bean();
        return jit == null || gemm.threads() < 2 ? null : new CompilerShare(gemm, jit::getTotalCompilationTime, System::nanoTime);
    }

    private static CompilationMXBean bean() {
        if (bean == null) {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            bean = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit : null;
        }
        return bean;
    }

    /** After each training step. */
    void afterStep() {
        if (++steps % WINDOW != 0) {
            return;
        }
        long now = nanos.getAsLong(), compiled = compiledMillis.getAsLong(), wall = now - windowStart;
        // milliseconds of compilation against nanoseconds of wall time
        boolean busy = 2_000_000L * (compiled - compiledAtStart) >= wall && wall < WINDOW * SHORT_STEP_NANOS;
        gemm.useThreads(busy ? gemm.threads() - 1 : gemm.threads());
        windowStart = now;
        compiledAtStart = compiled;
    }

    /** All threads again: the run is evaluating, or done. */
    void release() {
        gemm.useThreads(gemm.threads());
    }
}
