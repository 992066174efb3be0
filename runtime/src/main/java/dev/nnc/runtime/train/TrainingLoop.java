package dev.nnc.runtime.train;

import dev.nnc.runtime.cpu.Gemm;
import dev.nnc.runtime.data.Batches;
import dev.nnc.runtime.data.Csv;
import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Mnist;
import dev.nnc.runtime.io.Safetensors;
import dev.nnc.runtime.io.Tensor;
import dev.nnc.runtime.opencl.DeviceProfile;
import dev.nnc.runtime.opencl.OpenCl;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import picocli.CommandLine;

/**
 * The epochs around a generated trainer: data, batches, learning-rate schedule, evaluation,
 * metrics, checkpoints, early stopping, and a clear stop when the loss stops being a number.
 */
public final class TrainingLoop {
    private final TrainSettings settings;
    private final TrainOptions options;
    private final PrintStream out;
    private final StartUp startUp;

    private TrainingLoop(TrainSettings settings, TrainOptions options, PrintStream out, StartUp startUp) {
        this.settings = settings;
        this.options = options;
        this.out = out;
        this.startUp = startUp;
    }

    /**
     * A generated trainer's {@code main}: parses {@code args}, picks the device, trains, returns the exit
     * status. {@code openClTrainer} names the generated OpenCL trainer class, or is null when the model
     * was generated without the OpenCL backend.
     */
    public static int main(String[] args, TrainSettings settings, IntFunction<Trainable> trainer, String openClTrainer) {
        StartUp startUp = StartUp.begin(args, settings, trainer);
        try {
            TrainOptions options = new TrainOptions();
            CommandLine cli = new CommandLine(options);
            try {
                cli.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                System.err.println("error: " + e.getMessage());
                cli.usage(System.err);
                return 2;
            }
            if (cli.isUsageHelpRequested()) {
                cli.usage(System.out);
                return 0;
            }
            try {
                return new TrainingLoop(settings, options, System.out, startUp).run(trainer, openClTrainer);
            } catch (TrainingException | OpenCl.DeviceFailure e) {
                System.err.println("error: " + e.getMessage());
                return 1;
            }
        } finally {
            startUp.stopWarmUp();
        }
    }

    /** Training and test (or held-out) data. */
    private record Data(Dataset train, Dataset validation, Dataset test, String testName) {}

    private int run(IntFunction<Trainable> javaTrainer, String openClTrainer) {
        if (options.profile) {
            System.setProperty(DeviceProfile.SWITCH, "true"); // before Aparapi loads: it reads the switch once
        }
        Devices.Choice device = Devices.choose(options.device, openClTrainer);
        if (options.profile && device.kind().equals("java")) {
            throw new TrainingException("--profile times an OpenCL device's kernels and copies (--device gpu or opencl-cpu);"
                    + " for the Java backend's layers, bench/layers/run.sh");
        }
        int batch = options.batch != null ? options.batch : settings.batch();
        int epochs = options.epochs != null ? options.epochs : settings.epochs();
        long seed = options.seed != null ? options.seed : settings.seed();
        double baseLr = options.learningRate != null ? options.learningRate : settings.learningRate();
        boolean shuffle = settings.shuffle() && !options.noShuffle;
        if (batch < 1 || epochs < 1 || baseLr <= 0) {
            throw new TrainingException("--batch and --epochs must be positive and --lr above 0");
        }
        Data data = load();
        WarmUp.Warm warm = device.kind().equals("java") ? startUp.warmTrainer(batch, seed) : null;
        Trainable model = warm != null ? warm.trainer() : device.trainer(javaTrainer, openClTrainer, batch);
        checkShapes(model, data.train);
        if (warm == null || !warm.initialized()) {
            model.initialize(seed);
        }
        if (options.init != null) {
            model.load(read(options.init));
        }
        out.printf("%s: %d training examples, %s %d; device: %s%n", model.modelName(), data.train.n(), data.testName,
                data.test.n(), device.description());

        Batches batches = new Batches(data.train, batch, shuffle, seed);
        float[] inputs = new float[batch * model.inputSize()];
        int[] labels = new int[batch];
        float[] targets = new float[batch * Math.max(1, model.targetSize())];
        StringBuilder metrics = new StringBuilder("epoch,train_loss,test_loss,test_accuracy,seconds\n");
        double bestValidation = Double.POSITIVE_INFINITY;
        Map<String, Tensor> best = null;
        int sinceBest = 0;
        long step = 0;
        Evaluation test = null;
        RunReport run = options.result ? new RunReport(batches.batchCount()) : null;
        CompilerShare compiler = device.kind().equals("java") ? CompilerShare.watch(Gemm.get()) : null;
        DeviceProfile profile = options.profile ? profile(model) : null;
        // the first steps compile the kernels and copy every array to the device: the profile leaves them out
        int profileFrom = Math.min(RunReport.WARM_UP_STEPS, batches.batchCount() / 2);
        for (int epoch = 0; epoch < epochs; epoch++) {
            float lr = (float) settings.learningRate(baseLr, epoch, epochs);
            batches.startEpoch(epoch);
            Progress progress = new Progress(out, System.console() != null, "epoch %d/%d".formatted(epoch + 1, epochs),
                    batches.batchCount());
            double lossSum = 0;
            long seen = 0;
            for (int b = 0; b < batches.batchCount(); b++) {
                if (profile != null && epoch == 0 && b == profileFrom) {
                    profile.start();
                }
                int n = model.classes() > 0 ? batches.fill(b, inputs, labels) : batches.fill(b, inputs, targets);
                double loss = model.trainStep(inputs, labels, targets, n, lr);
                step++;
                if (compiler != null) {
                    compiler.afterStep();
                }
                if (options.result) {
                    run.afterStep(step, epoch);
                }
                if (!Double.isFinite(loss)) {
                    throw diverged(model, step, epoch, loss, lr);
                }
                lossSum += loss * n;
                seen += n;
                progress.update(b + 1, lossSum / seen, seen);
            }
            double seconds = progress.seconds();
            if (compiler != null) {
                compiler.release();
            }
            if (profile != null && epoch == 0) {
                profile.stop(batches.batchCount() - profileFrom);
                if (run != null) {
                    run.deviceProfile(profile.stepMillis(), profile.kernelMillis(), profile.copyMillis(), profile.bytesToDevice(),
                            profile.bytesToHost());
                }
            }
            if (epoch == 0 && run != null) {
                run.firstEpoch(seconds, seen);
            }
            test = evaluate(model, data.test, batch);
            String line = "loss %.4f  %s_loss %.4f%s  %.1f s (%,.0f ex/s)".formatted(lossSum / seen, data.testName, test.loss,
                    model.classes() > 0 ? "  %s_accuracy %.2f%%".formatted(data.testName, 100 * test.accuracy) : "",
                    seconds, seen / seconds);
            metrics.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.3f%n", epoch + 1, lossSum / seen, test.loss,
                    test.accuracy, seconds));
            if (data.validation != null && settings.patience() > 0) {
                Evaluation v = evaluate(model, data.validation, batch);
                line += "  validation_loss %.4f".formatted(v.loss);
                if (v.loss < bestValidation) {
                    bestValidation = v.loss;
                    best = model.state();
                    sinceBest = 0;
                } else if (++sinceBest >= settings.patience()) {
                    progress.finish(line);
                    out.printf("early stop: validation loss has not improved for %d epochs; keeping the weights of epoch %d%n",
                            sinceBest, epoch + 1 - sinceBest);
                    model.load(best);
                    test = evaluate(model, data.test, batch);
                    break;
                }
            }
            progress.finish(line);
            if (profile != null && epoch == 0) {
                out.print(profile.table(device.kind(), profileFrom + 1));
            }
            if (options.save != null) {
                write(options.save, model.state());
            }
            if (options.metrics != null) {
                writeText(options.metrics, metrics.toString());
            }
        }
        if (options.save != null) {
            write(options.save, model.state());
            out.println("weights saved to " + options.save);
        }
        if (model.classes() > 0) {
            out.printf("%s accuracy: %.2f%%%n", data.testName, 100 * test.accuracy);
        } else {
            out.printf("%s loss: %.6f%n", data.testName, test.loss);
        }
        if (options.result) {
            out.println(run.json(model.modelName(), device.kind(), batch, test.accuracy));
        }
        return 0;
    }

    private static DeviceProfile profile(Trainable model) {
        try {
            return DeviceProfile.attach(model);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new TrainingException("--profile: " + e.getMessage());
        }
    }

    private TrainingException diverged(Trainable model, long step, int epoch, double loss, float lr) {
        String tensor = model.firstNonFinite();
        return new TrainingException(("training diverged at step %d (epoch %d): the loss is %s%s.%n"
                + "hint: lower the learning rate (it was %s), or check the data for NaN or huge values")
                .formatted(step, epoch + 1, loss, tensor == null ? "" : "; the first non-finite tensor is " + tensor, lr));
    }

    private record Evaluation(double loss, double accuracy) {}

    private static Evaluation evaluate(Trainable model, Dataset data, int batch) {
        Batches batches = new Batches(data, batch, false, 0);
        batches.startEpoch(0);
        float[] inputs = new float[batch * model.inputSize()];
        int[] labels = new int[batch];
        float[] targets = new float[batch * Math.max(1, model.targetSize())];
        int[] correct = new int[1];
        double lossSum = 0;
        for (int b = 0; b < batches.batchCount(); b++) {
            int n = model.classes() > 0 ? batches.fill(b, inputs, labels) : batches.fill(b, inputs, targets);
            lossSum += model.evaluate(inputs, labels, targets, n, correct) * n;
        }
        return new Evaluation(lossSum / data.n(), (double) correct[0] / data.n());
    }

    private Data load() {
        try {
            Dataset train;
            Dataset test;
            Path path = options.data;
            String spec = settings.data();
            if (path == null && spec == null) {
                throw new TrainingException("no data: set `data = ...` in the train block or pass --data PATH");
            }
            if (path != null ? !Files.isDirectory(path) && Files.exists(path) : spec.startsWith("csv:")) {
                Path file = path != null ? path : Path.of(spec.substring(4, spec.lastIndexOf(':')));
                String column = spec != null && spec.startsWith("csv:") ? spec.substring(spec.lastIndexOf(':') + 1) : "-1";
                train = Csv.load(file, column.equals("-1") ? "last" : column);
                test = null;
            } else {
                Mnist.Data mnist = path != null ? Mnist.load(path)
                        : startUp.loadingData() ? startUp.data()
                        : spec.startsWith("idx:") ? Mnist.load(Path.of(spec.substring(4))) : Mnist.load();
                train = mnist.train();
                test = mnist.test();
            }
            if (options.limit != null) {
                train = train.head(options.limit);
            }
            Dataset validation = null;
            if (settings.validation() > 0) {
                if (settings.validation() >= train.n()) {
                    throw new TrainingException("validation = %d holds out every one of the %d training examples"
                            .formatted(settings.validation(), train.n()));
                }
                Dataset.Split split = train.split(settings.validation());
                train = split.train();
                validation = split.validation();
            }
            if (test == null) {
                return validation != null ? new Data(train, validation, validation, "validation")
                        : new Data(train, null, train, "train");
            }
            return new Data(train, validation, test, "test");
        } catch (IOException e) {
            throw new TrainingException(e.getMessage());
        }
    }

    private static void checkShapes(Trainable model, Dataset data) {
        if (data.featureSize() != model.inputSize()) {
            throw new TrainingException("the data has %d values per example but %s takes %d"
                    .formatted(data.featureSize(), model.modelName(), model.inputSize()));
        }
        if (model.classes() > 0 && !data.hasClassLabels()) {
            throw new TrainingException(model.modelName() + " needs class labels but the data has real-valued targets");
        }
        if (model.classes() == 0 && (data.hasClassLabels() || data.targetSize() != model.targetSize())) {
            throw new TrainingException("%s needs %d target values per example but the data has %s".formatted(
                    model.modelName(), model.targetSize(), data.hasClassLabels() ? "class labels" : data.targetSize()));
        }
        if (model.classes() > 0) {
            for (int label : data.classLabels()) {
                if (label < 0 || label >= model.classes()) {
                    throw new TrainingException("a label %d is outside 0..%d".formatted(label, model.classes() - 1));
                }
            }
        }
    }

    private static Map<String, Tensor> read(Path file) {
        try {
            return new LinkedHashMap<>(Safetensors.read(file).tensors());
        } catch (IOException e) {
            throw new TrainingException(e.getMessage());
        }
    }

    private static void write(Path file, Map<String, Tensor> state) {
        try {
            Safetensors.write(file, state);
        } catch (IOException e) {
            throw new TrainingException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TrainingException("cannot write " + file + ": " + e.getMessage());
        }
    }

    /** A reason to stop that the user can act on; printed without a stack trace. */
    public static final class TrainingException extends RuntimeException {
        public TrainingException(String message) {
            super(message, null, false, false);
        }
    }
}
