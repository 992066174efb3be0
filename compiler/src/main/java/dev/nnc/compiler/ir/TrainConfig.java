package dev.nnc.compiler.ir;

import java.util.Optional;

/** A model's {@code train { }} block with defaults filled in; the trainer's flags override it. */
public record TrainConfig(
        Optional<Data> data,
        Optimizer optimizer,
        int batch,
        int epochs,
        Optional<LrDecay> lrDecay,
        long seed,
        boolean shuffle,
        int validation,
        Optional<Integer> patience) {

    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_EPOCHS = 10;
    public static final long DEFAULT_SEED = 42;

    public static TrainConfig defaults() {
        return new TrainConfig(Optional.empty(), new Optimizer.Sgd(0.01), DEFAULT_BATCH, DEFAULT_EPOCHS,
                Optional.empty(), DEFAULT_SEED, true, 0, Optional.empty());
    }

    public sealed interface Data {
        record Mnist() implements Data {}

        /** MNIST-named IDX files in a folder. */
        record Idx(String directory) implements Data {}

        /** {@code targetColumn}: 0-based, or -1 for the last column. */
        record Csv(String file, int targetColumn) implements Data {}
    }

    public sealed interface Optimizer {
        double lr();

        record Sgd(double lr) implements Optimizer {}

        record Momentum(double lr, double beta) implements Optimizer {}

        record Adagrad(double lr, double eps) implements Optimizer {}

        record Adam(double lr, double beta1, double beta2, double eps) implements Optimizer {}
    }

    public sealed interface LrDecay {
        /** Geometric decay from the optimizer's lr to {@code to} over {@code over} epochs. */
        record Exponential(double to, Optional<Integer> over) implements LrDecay {}

        /** lr multiplied by {@code factor} every {@code every} epochs. */
        record Step(int every, double factor) implements LrDecay {}
    }
}
