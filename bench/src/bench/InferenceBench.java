package bench;

import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Mnist;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Inference through the generated classes, as an app embedding them would call it: the latency of one MLP
 * example (median of many calls, after warm-up) and the throughput of the CNN over the 10,000 test images at
 * batch 1000. Weights are a fresh initialisation: speed does not depend on
 * their values. Arguments: {@code mlp}, {@code cnn} (which to run), {@code --quick}. Prints
 * {@code RESULT {json}} lines.
 */
public final class InferenceBench {

    public static void main(String[] args) throws Exception {
        Dataset test = Mnist.load().test();
        float[] images = test.floatFeatures();
        java.util.List<String> flags = java.util.List.of(args);
        int rounds = flags.contains("--quick") ? 1 : 5;
        if (flags.contains("mlp")) {
            mlpLatency(test, images);
        }
        if (flags.contains("cnn")) {
            cnnThroughput(test, images, rounds);
        }
    }

    private static void mlpLatency(Dataset test, float[] images) {

        BenchMlp mlp = new BenchMlp(1);
        mlp.initialize(1);
        float[] one = Arrays.copyOf(images, BenchMlp.INPUT_SIZE);
        long[] nanos = new long[20_000];
        for (int i = 0; i < 20_000; i++) {
            mlp.predict(one, 1); // warm-up: the JIT compiles forward
        }
        for (int i = 0; i < nanos.length; i++) {
            System.arraycopy(images, (i % test.n()) * BenchMlp.INPUT_SIZE, one, 0, BenchMlp.INPUT_SIZE);
            long t0 = System.nanoTime();
            mlp.predict(one, 1);
            nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "RESULT {\"system\":\"nnc java\",\"inference\":\"mlp, 1 example\",\"median_us\":%.2f,\"p99_us\":%.2f}%n",
                nanos[nanos.length / 2] / 1e3, nanos[nanos.length * 99 / 100] / 1e3);
    }

    private static void cnnThroughput(Dataset test, float[] images, int rounds) {
        int batch = 1000;
        MnistCnn cnn = new MnistCnn(batch);
        cnn.initialize(1);
        float[] input = new float[batch * MnistCnn.INPUT_SIZE];
        double best = Double.MAX_VALUE;
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
            long t0 = System.nanoTime();
            for (int from = 0; from < test.n(); from += batch) {
                int n = Math.min(batch, test.n() - from);
                System.arraycopy(images, from * MnistCnn.INPUT_SIZE, input, 0, n * MnistCnn.INPUT_SIZE);
                cnn.predict(input, n);
            }
            if (round > 0) {
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "RESULT {\"system\":\"nnc java\",\"inference\":\"cnn, 10k test images, batch 1000\","
                + "\"seconds\":%.3f,\"images_per_second\":%.0f}%n", best, test.n() / best);
    }

    private InferenceBench() {}
}
