package dev.nnc.runtime.train;

import dev.nnc.runtime.cpu.JitWarmUp;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Builds the run's Java trainer while the run does something else (parsing its command line, loading the data),
 * and compiles the model's own code by training it on random examples, so that the JIT has compiled its forward,
 * loss, backward and update, the matrix kernels at the model's shapes and the loops around them before the first
 * real step needs them (interpreted, the Vector API code is orders of magnitude slower than compiled). The run takes
 * that instance, not a second one beside it (a copy of the CNN's weights and optimizer state would add 50 MB and
 * more to the peak): {@link Trainable#initialize} starts it afresh, and is not needed again when no step was taken.
 */
final class WarmUp {
    /** Examples per warm-up step: enough to take the real step's paths, few enough that a step in flight is short. */
    static final int EXAMPLES = 8;
    /**
     * Steps are taken only when building and initialising the trainer took less than this. The run waits for a step
     * in flight, and a first step runs interpreted: for the CNN (3.3 M parameters, built and initialised in 0.13 s)
     * it took 0.6 s, longer than the rest of the start-up, where the MLP's (0.1 M, 0.02 s) took 20–70 ms. A larger
     * model has the kernels' warm-up call the register tiles instead ({@link JitWarmUp#tilesInstead}).
     */
    static final long STEPS_BELOW_NANOS = 50_000_000L;
    /** When no run takes it (the run failed before training), it stops by itself after this long. */
    private static final long LIMIT_NANOS = 3_000_000_000L;

    /** The warmed trainer, and whether it is still as {@code initialize(seed)} left it. */
    record Warm(Trainable trainer, boolean initialized) {}

    private final int batch;
    private final long seed;
    private final Thread thread;
    private volatile boolean stop;
    private Trainable trainer;
    private boolean stepped;

    private WarmUp(IntFunction<Trainable> factory, int batch, long seed) {
        this.batch = batch;
        this.seed = seed;
        this.thread = new Thread(() -> run(factory), "nnc-warm-up");
        thread.setDaemon(true);
    }

    /** Starts building a trainer for batches of {@code batch}, initialised from {@code seed}; returns at once. */
    static WarmUp start(IntFunction<Trainable> factory, int batch, long seed) {
        WarmUp warmUp = new WarmUp(factory, batch, seed);
        warmUp.thread.start();
        return warmUp;
    }

    /** Stops after the step in flight, without waiting for it. */
    void stop() {
        stop = true;
    }

    /**
     * Stops, waits for the step in flight and returns the trainer when it was built for batches of {@code batch},
     * else null (a guess proved wrong, or building it failed: the run will say why when it builds its own).
     */
    Warm finish(int batch, long seed) {
        stop();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return trainer == null || batch != this.batch ? null : new Warm(trainer, !stepped && seed == this.seed);
    }

    private void run(IntFunction<Trainable> factory) {
        long start = System.nanoTime();
        try {
            Trainable model = factory.apply(batch);
            if (System.nanoTime() - start > STEPS_BELOW_NANOS) {
                JitWarmUp.tilesInstead(); // now, not after initialising it (the CNN's He draws: 0.2 s on a cold JVM)
            }
            model.initialize(seed);
            trainer = model; // read by finish() after the thread has ended
            if (System.nanoTime() - start > STEPS_BELOW_NANOS) {
                JitWarmUp.tilesInstead();
                return;
            }
            JitWarmUp.stop(); // the steps compile the kernels the model uses, at its shapes
            int n = Math.min(batch, EXAMPLES);
            SplittableRandom random = new SplittableRandom(seed);
            float[] inputs = new float[batch * model.inputSize()];
            int[] labels = new int[batch];
            float[] targets = new float[batch * Math.max(1, model.targetSize())];
            for (int i = 0; i < n * model.inputSize(); i++) {
                inputs[i] = random.nextFloat();
            }
            for (int i = 0; i < n; i++) {
                labels[i] = model.classes() > 0 ? random.nextInt(model.classes()) : 0;
            }
            for (int i = 0; i < targets.length; i++) {
                targets[i] = random.nextFloat();
            }
            while (!stop && System.nanoTime() - start < LIMIT_NANOS) {
                stepped = true;
                model.trainStep(inputs, labels, targets, n, 1e-3f);
            }
        } catch (RuntimeException | LinkageError e) {
            trainer = null; // building or training failed: the run builds its own trainer and reports the failure then
        }
    }
}
