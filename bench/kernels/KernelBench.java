import java.util.Arrays;
import java.util.Map;

/**
 * nnc's matrix products at the benchmark models' shapes ({@link ModelOps}: the calls the generated code makes, two
 * threads) beside OpenBLAS's {@code cblas_sgemm} at the same m, n, k on as many threads, in one JVM, the two
 * alternating op by op and round by round. This machine's speed moves by up to 2× between minutes, so products
 * timed in separate processes at separate times (as {@code torch.mm} was) compare the moments more than the code;
 * here each round's pair shares its moment and the report's ratio is the median of the rounds' ratios.
 *
 * <p>Each measurement is a batch of calls lasting at least 60 ms, then a pause of 300 ms: OpenBLAS's threads spin for
 * about 0.1 s after a call (2²⁸ cycles), and with a pause of 60 ms nnc's next batch shared the cores with them (its
 * medians 20–50 % lower than alone).
 * The convolutions' OpenBLAS figures are bare products over the whole batch's unrolled windows (im2col and the
 * input gradient's fold not counted), which favours OpenBLAS.
 *
 * <p>Arguments: {@code [--quick] [rounds]} (default 9 rounds; {@code --quick}: one round of short batches, no pause, a
 * smoke test). Needs {@code --add-modules jdk.incubator.vector,jdk.incubator.foreign} and
 * {@code --enable-native-access=ALL-UNNAMED}; without OpenBLAS installed it times nnc alone.
 */
public final class KernelBench {
    /** OpenBLAS's product for each op: transposed A, transposed B, m, n, k. */
    private static final Map<String, int[]> EQUIVALENT = Map.ofEntries(
            Map.entry("conv1 forward", new int[] {0, 0, 32, 50 * 784, 25}),
            Map.entry("conv1 weight gradient", new int[] {0, 1, 32, 25, 50 * 784}),
            Map.entry("conv2 forward", new int[] {0, 0, 64, 50 * 196, 800}),
            Map.entry("conv2 weight gradient", new int[] {0, 1, 64, 800, 50 * 196}),
            Map.entry("conv2 input gradient", new int[] {1, 0, 800, 50 * 196, 64}),
            Map.entry("fc1 forward", new int[] {0, 1, 50, 1024, 3136}),
            Map.entry("fc1 weight gradient", new int[] {1, 0, 1024, 3136, 50}),
            Map.entry("fc1 input gradient", new int[] {0, 0, 50, 3136, 1024}),
            Map.entry("1536³ nn", new int[] {0, 0, 1536, 1536, 1536}),
            Map.entry("MLP fc1 forward", new int[] {0, 1, 100, 128, 784}),
            Map.entry("MLP fc1 weight gradient", new int[] {1, 0, 128, 784, 100}),
            Map.entry("MLP fc1 input gradient", new int[] {0, 0, 100, 784, 128}));

    private interface Call {
        void run() throws Throwable;
    }

    public static void main(String[] args) throws Throwable {
        boolean quick = args.length > 0 && args[0].equals("--quick");
        int rounds = quick ? 1 : args.length > 0 ? Integer.parseInt(args[0]) : 9;
        long batchNanos = quick ? 2_000_000L : 60_000_000L, settleMillis = quick ? 0 : 300;
        int threads = Runtime.getRuntime().availableProcessors();
        OpenBlas blas = OpenBlas.load(threads);
        int ops = ModelOps.count();
        Call[][] calls = new Call[ops][2];
        java.util.Random random = new java.util.Random(1);
        for (int op = 0; op < ops; op++) {
            int o = op;
            calls[op][0] = () -> ModelOps.time(o);
            int[] e = EQUIVALENT.get(ModelOps.name(op));
            if (blas != null && e != null) {
                if (2.0 * e[2] * e[3] * e[4] != ModelOps.flop(op)) {
                    throw new IllegalStateException(ModelOps.name(op) + ": OpenBLAS's product has other dimensions");
                }
                calls[op][1] = blas.new Product(e[0] == 1, e[1] == 1, e[2], e[3], e[4], random)::run;
            }
        }
        double[][][] gflops = new double[ops][2][rounds];
        for (int round = quick ? -1 : -2; round < rounds; round++) { // rounds below 0 warm up
            for (int op = 0; op < ops; op++) {
                for (int system = 0; system < 2; system++) {
                    if (calls[op][system] != null) {
                        double g = ModelOps.flop(op) / batchNanos(calls[op][system], batchNanos);
                        if (round >= 0) {
                            gflops[op][system][round] = g;
                        }
                        Thread.sleep(settleMillis);
                    }
                }
            }
        }
        System.out.printf("Matrix products at the models' shapes, GFLOP/s on %d threads, best / median of %d rounds, nnc and %s:%n%n",
                threads, rounds, blas == null ? "no OpenBLAS (libopenblas0-pthread is not installed)" : "OpenBLAS alternating in one JVM");
        System.out.println("| product | nnc | OpenBLAS | nnc / OpenBLAS (median of the rounds' ratios) |");
        System.out.println("| --- | --- | --- | --- |");
        for (int op = 0; op < ops; op++) {
            double[] nnc = gflops[op][0], ob = gflops[op][1];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = nnc[r] / ob[r];
            }
            boolean paired = calls[op][1] != null;
            System.out.printf("| %s | %s | %s | %s |%n", ModelOps.name(op), bestAndMedian(nnc),
                    paired ? bestAndMedian(ob) : "–", paired ? String.format("%.0f %%", 100 * median(ratio)) : "–");
        }
        System.exit(0);
    }

    /** Nanoseconds per call, over a batch of calls lasting at least {@code atLeast}. */
    private static double batchNanos(Call call, long atLeast) throws Throwable {
        long start = System.nanoTime(), end;
        int calls = 0;
        do {
            call.run();
            calls++;
            end = System.nanoTime();
        } while (end - start < atLeast);
        return (double) (end - start) / calls;
    }

    private static String bestAndMedian(double[] values) {
        return String.format("%.1f / %.1f", Arrays.stream(values).max().orElseThrow(), median(values));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
