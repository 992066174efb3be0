package layers;

import dev.nnc.runtime.cpu.JitWarmUp;
import dev.nnc.runtime.train.TrainSettings;
import dev.nnc.runtime.train.Trainable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Trains a generated trainer whose model instrument.py marked on random examples (a fifth of the pixels non-zero),
 * 200 steps to warm up (or the third argument's count: 0 shows where a cold run's first steps go), then {@code steps}
 * timed ones (a fourth argument: milliseconds of {@link JitWarmUp}'s tiles first, as a large model's run has while it
 * loads its data), and prints each section's milliseconds per step. A section is the time from one mark to the next on the
 * thread that runs the step; the layers' own parallel parts are inside it.
 */
public final class LayerProbe {
    private static long last = System.nanoTime();
    private static String current = "other";
    private static final Map<String, long[]> TOTALS = new LinkedHashMap<>();

    /** Ends the current section and starts {@code next}. */
    public static void mark(String next) {
        long now = System.nanoTime();
        TOTALS.computeIfAbsent(current, k -> new long[1])[0] += now - last;
        current = next;
        last = System.nanoTime();
    }

    public static void main(String[] args) throws Exception {
        long warmUpMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
        if (warmUpMillis > 0) {
            JitWarmUp.start(); // as a run's start-up does while it loads the data, for a large model
            JitWarmUp.tilesInstead();
        }
        Class<?> type = Class.forName(args[0]);
        int steps = Integer.parseInt(args[1]), warm = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        TrainSettings settings = (TrainSettings) type.getField("SETTINGS").get(null);
        int batch = settings.batch();
        Trainable trainer = (Trainable) type.getConstructor(int.class).newInstance(batch);
        trainer.initialize(settings.seed());
        Random random = new Random(1);
        float[] inputs = new float[batch * trainer.inputSize()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = random.nextFloat() < 0.8f ? 0f : random.nextFloat();
        }
        int[] labels = new int[batch];
        float[] targets = new float[batch * Math.max(1, trainer.targetSize())];
        for (int r = 0; r < batch; r++) {
            labels[r] = trainer.classes() > 0 ? random.nextInt(trainer.classes()) : 0;
        }
        if (warmUpMillis > 0) {
            Thread.sleep(warmUpMillis);
            JitWarmUp.stop();
        }
        for (int s = 0; s < warm; s++) {
            trainer.trainStep(inputs, labels, targets, batch, (float) settings.learningRate());
        }
        TOTALS.clear();
        mark("other");
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
            trainer.trainStep(inputs, labels, targets, batch, (float) settings.learningRate());
        }
        mark("other");
        double total = (System.nanoTime() - start) / 1e6 / steps;
        System.out.printf("%s, batch %d: %.2f ms a step (%d steps after %d)%n%n", trainer.modelName(), batch, total, steps, warm);
        System.out.println("| section | ms/step | share |");
        System.out.println("| --- | --- | --- |");
        for (Map.Entry<String, long[]> e : TOTALS.entrySet()) {
            double ms = e.getValue()[0] / 1e6 / steps;
            if (ms >= 0.005) {
                System.out.printf("| %s | %.2f | %.1f %% |%n", e.getKey(), ms, 100 * ms / total);
            }
        }
    }
}
