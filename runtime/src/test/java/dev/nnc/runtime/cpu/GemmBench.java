package dev.nnc.runtime.cpu;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Prints GFLOP/s of the matrix kernels for cubes and the shapes of an MNIST MLP (batch 100,
 * 784 → 128 → 10), on 1 and 2 threads. A command, not a test: see bench/gemm/README.md.
 *
 * <p>Arguments (all optional): {@code --quick} (shorter runs), {@code --no-scalar}.
 * After a warm-up, each case runs 7 timed batches of at least 100 ms; two tables follow, the best
 * batch and the median one. On a shared (virtual) machine the best is the uncontended speed and the
 * median what a neighbour's load left.
 */
public final class GemmBench {

    /** Variants: n, t, T as {@link Gemm}'s nn, nt, tn; w, W and F conv2's windows products (count examples). */
    private record Shape(String name, char variant, int m, int n, int k, int count) {
        Shape(String name, char variant, int m, int n, int k) {
            this(name, variant, m, n, k, 1);
        }

        double flops() {
            return 2.0 * m * n * k * count;
        }
    }

    /** The MNIST CNN's conv2: 32×14×14 in, 5×5 kernels, same padding. */
    private static final Windows CONV2 = new Windows(32, 14, 14, 5, 5, 1, 1, 2, 2, 14, 14);

    private record Impl(String name, Gemm gemm) {}

    private static final List<Shape> SHAPES = List.of(
            new Shape("256³ nn", 'n', 256, 256, 256),
            new Shape("512³ nn", 'n', 512, 512, 512),
            new Shape("1024³ nn", 'n', 1024, 1024, 1024),
            new Shape("1536³ nn", 'n', 1536, 1536, 1536),
            new Shape("1536³ nt", 't', 1536, 1536, 1536),
            new Shape("1536³ tn", 'T', 1536, 1536, 1536),
            new Shape("fc1 y=x·Wᵀ   nt 100×784→128", 't', 100, 128, 784),
            new Shape("fc1 dW=dYᵀ·x tn 128×784 k=100", 'T', 128, 784, 100),
            new Shape("fc1 dX=dY·W  nn 100×128→784", 'n', 100, 784, 128),
            new Shape("fc2 y=x·Wᵀ   nt 100×128→10", 't', 100, 10, 128),
            new Shape("fc2 dW=dYᵀ·x tn 10×128 k=100", 'T', 10, 128, 100),
            new Shape("fc2 dX=dY·W  nn 100×10→128", 'n', 100, 128, 10));

    /** The MNIST CNN at batch 50: each convolution per example and lowered over the whole batch. */
    private static final List<Shape> CNN_SHAPES = List.of(
            new Shape("conv1 y=W·cols  nn 32×784 k=25 (1 ex)", 'n', 32, 784, 25),
            new Shape("conv1 y=W·cols  nn 32×39200 k=25 (50)", 'n', 32, 39200, 25),
            new Shape("conv2 y=W·cols  nn 64×196 k=800 (1 ex)", 'n', 64, 196, 800),
            new Shape("conv2 y=W·cols  nn 64×9800 k=800 (50)", 'n', 64, 9800, 800),
            new Shape("conv2 dW=dY·colsᵀ nt 64×800 k=196 (1 ex)", 't', 64, 800, 196),
            new Shape("conv2 dW=dY·colsᵀ nt 64×800 k=9800 (50)", 't', 64, 800, 9800),
            new Shape("conv2 dcols=Wᵀ·dY tn 800×196 k=64 (1 ex)", 'T', 800, 196, 64),
            new Shape("conv2 dcols=Wᵀ·dY tn 800×9800 k=64 (50)", 'T', 800, 9800, 64),
            new Shape("conv2 y=W·windows 64×196 k=800 (1)", 'w', 64, 196, 800, 1),
            new Shape("conv2 y=W·windows 64×196 k=800 (25)", 'w', 64, 196, 800, 25),
            new Shape("conv2 y=W·windows 64×196 k=800 (50)", 'w', 64, 196, 800, 50),
            new Shape("conv2 dW=dY·windowsᵀ 64×800 k=196 (50)", 'W', 64, 800, 196, 50),
            new Shape("conv2 dX=fold(Wᵀ·dY) 800×196 k=64 (50)", 'F', 800, 196, 64, 50),
            new Shape("fc1 y=x·Wᵀ   nt 50×3136→1024", 't', 50, 1024, 3136),
            new Shape("fc1 dW=dYᵀ·x tn 1024×3136 k=50", 'T', 1024, 3136, 50),
            new Shape("fc1 dX=dY·W  nn 50×1024→3136", 'n', 50, 3136, 1024));

    private static final int BATCHES = 7;
    private static double minBatchNanos = 100e6;
    private static double warmupNanos = 400e6;

    public static void main(String[] args) {
        List<String> flags = Arrays.asList(args);
        if (flags.contains("--quick")) {
            minBatchNanos = 30e6;
            warmupNanos = 150e6;
        }
        List<Impl> impls = new ArrayList<>();
        impls.add(new Impl("vector 1t", Gemm.vector(1)));
        impls.add(new Impl("vector 2t", Gemm.vector(2)));
        if (!flags.contains("--no-scalar")) {
            impls.add(new Impl("scalar 1t", Gemm.scalar(1)));
            impls.add(new Impl("scalar 2t", Gemm.scalar(2)));
        }
        System.out.printf("# %s; %s %s; %d processors%n", Gemm.get(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        compileKernels(impls);
        List<Shape> shapes = flags.contains("--cnn") ? CNN_SHAPES : SHAPES;
        double[][][] results = new double[shapes.size()][impls.size()][];
        for (int s = 0; s < shapes.size(); s++) {
            for (int i = 0; i < impls.size(); i++) {
                results[s][i] = gflops(impls.get(i).gemm(), shapes.get(s));
            }
        }
        printTable("GFLOP/s, best of " + BATCHES + " timed batches", shapes, impls, results, BATCHES - 1);
        printTable("GFLOP/s, median of " + BATCHES + " timed batches", shapes, impls, results, BATCHES / 2);
        reportAllocation(impls.get(1).gemm(), SHAPES.get(6));
    }

    /**
     * Runs every variant for a second before any case is timed: C2 compiles the register tiles about half a
     * second into a run, and a first case timed before that measured the interpreter (0.3–4 GFLOP/s).
     */
    private static void compileKernels(List<Impl> impls) {
        int m = 30, n = 40, k = 300; // a partial row strip, a partial panel, two blocks of k
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        long end = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (Impl impl : impls) {
                for (char variant : new char[] {'n', 't', 'T'}) {
                    run(impl.gemm(), new Shape("", variant, m, n, k), a, b, c);
                }
            }
        }
    }

    private static void printTable(String title, List<Shape> shapes, List<Impl> impls, double[][][] results, int rank) {
        System.out.printf("%n%-32s", title);
        System.out.println();
        System.out.printf("%-40s", "shape: variant m×n×k or layer");
        for (Impl impl : impls) {
            System.out.printf("%11s", impl.name());
        }
        System.out.println();
        for (int s = 0; s < shapes.size(); s++) {
            System.out.printf("%-40s", shapes.get(s).name());
            for (int i = 0; i < impls.size(); i++) {
                System.out.printf("%11.1f", results[s][i][rank]);
            }
            System.out.println();
        }
    }

    /** GFLOP/s of each timed batch, sorted ascending. */
    private static double[] gflops(Gemm gemm, Shape s) {
        Random random = new Random(1);
        float[] a = random(random, s.m() * s.k() * s.count());
        float[] b = random(random, Math.max(s.k() * s.n(), s.count() * CONV2.rows() * CONV2.positions()));
        float[] c = new float[s.m() * s.n() * s.count()];
        long warmEnd = System.nanoTime() + (long) warmupNanos;
        int calls = 0;
        long start = System.nanoTime();
        do {
            run(gemm, s, a, b, c);
            calls++;
        } while (System.nanoTime() < warmEnd || calls < 2);
        double perCall = (double) (System.nanoTime() - start) / calls;
        int batch = (int) Math.max(1, Math.ceil(minBatchNanos / perCall));
        double[] gflops = new double[BATCHES];
        for (int t = 0; t < BATCHES; t++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                run(gemm, s, a, b, c);
            }
            gflops[t] = s.flops() * batch / (System.nanoTime() - t0);
        }
        Arrays.sort(gflops);
        return gflops;
    }

    private static void run(Gemm gemm, Shape s, float[] a, float[] b, float[] c) {
        switch (s.variant()) {
            case 'n' -> gemm.nn(s.m(), s.n(), s.k(), a, 0, s.k(), b, 0, s.n(), c, 0, s.n(), false);
            case 't' -> gemm.nt(s.m(), s.n(), s.k(), a, 0, s.k(), b, 0, s.k(), c, 0, s.n(), false);
            case 'T' -> gemm.tn(s.m(), s.n(), s.k(), a, 0, s.m(), b, 0, s.n(), c, 0, s.n(), false);
            case 'w' -> gemm.nnWindows(s.m(), a, 0, s.k(), CONV2, b, 0, CONV2.inputSize(), c, 0, s.m() * s.n(), s.count(), false);
            case 'W' -> gemm.ntWindows(s.m(), a, 0, s.m() * s.k(), CONV2, b, 0, CONV2.inputSize(), c, 0, s.count(), false);
            case 'F' -> gemm.tnWindows(s.k(), a, 0, s.m(), CONV2, b, 0, s.k() * s.n(), c, 0, CONV2.inputSize(), s.count(), false);
            default -> throw new IllegalArgumentException("variant " + s.variant());
        }
    }

    /** Bytes allocated per warm call by the calling thread and the pool's workers (least of 3 rounds). */
    private static void reportAllocation(Gemm gemm, Shape s) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(2);
        float[] a = random(random, s.m() * s.k());
        float[] b = random(random, s.k() * s.n());
        float[] c = new float[s.m() * s.n()];
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("nnc-gemm"))
                .mapToLong(Thread::getId).toArray();
        int calls = 1000;
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < calls; i++) {
                run(gemm, s, a, b, c);
            }
            long[] before = threads.getThreadAllocatedBytes(ids);
            for (int i = 0; i < calls; i++) {
                run(gemm, s, a, b, c);
            }
            long[] after = threads.getThreadAllocatedBytes(ids);
            long bytes = 0;
            for (int t = 0; t < ids.length; t++) {
                bytes += after[t] - before[t];
            }
            least = Math.min(least, bytes);
        }
        System.out.printf("%n# %s, %s: %d bytes allocated in %d warm calls (caller + workers)%n",
                gemm, s.name().replaceAll(" +", " "), least, calls);
    }

    private static float[] random(Random random, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = random.nextFloat() * 2 - 1;
        }
        return x;
    }
}
