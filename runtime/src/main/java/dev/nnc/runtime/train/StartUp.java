package dev.nnc.runtime.train;

import dev.nnc.runtime.cpu.JitWarmUp;
import dev.nnc.runtime.data.Mnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.IntFunction;

/**
 * What a run starts before its command line is parsed (parsing takes picocli about 0.2 s on a cold JVM):
 * loading the train block's MNIST data (about as long), compiling the matrix kernels ({@link JitWarmUp}) and building
 * the Java trainer and compiling its code ({@link WarmUp}; both need the time: started after parsing, they leave the
 * first steps to run uncompiled), and,
 * for {@code --result}, the management beans its report reads. These are guesses from the train block, skipped
 * when the arguments could make them wrong: {@code --data} (or an {@code @file} of arguments) for the data,
 * {@code --device} naming anything but {@code java} for the trainer, whose batch size {@code --batch} may change.
 * A guess that turns out unused costs only the work done in the background.
 */
final class StartUp {
    private final FutureTask<Mnist.Data> mnist;
    private final WarmUp warmUp;

    private StartUp(FutureTask<Mnist.Data> mnist, WarmUp warmUp) {
        this.mnist = mnist;
        this.warmUp = warmUp;
    }

    static StartUp begin(String[] args, TrainSettings settings, IntFunction<Trainable> trainer) {
        if (Arrays.asList(args).contains("--result")) {
            RunReport.prepareInBackground();
        }
        boolean argumentFile = false;
        boolean dataFlag = false;
        for (String arg : args) {
            argumentFile |= arg.startsWith("@");
            dataFlag |= arg.equals("--data") || arg.startsWith("--data=");
        }
        String device = value(args, "--device");
        String batchValue = value(args, "--batch"), seedValue = value(args, "--seed");
        int batch;
        long seed;
        try {
            batch = batchValue == null ? settings.batch() : Integer.parseInt(batchValue);
            seed = seedValue == null ? settings.seed() : Long.parseLong(seedValue);
        } catch (NumberFormatException e) {
            seed = 0;
            batch = 0; // no warm-up: picocli will say what is wrong with it
        }
        WarmUp warmUp = null;
        if (!argumentFile && (device == null || device.equals("java")) && batch > 0) {
            JitWarmUp.start();
            CompilerShare.prepareInBackground();
            warmUp = WarmUp.start(trainer, batch, seed);
        }
        String spec = settings.data();
        if (argumentFile || dataFlag || spec == null || !(spec.equals("mnist") || spec.startsWith("idx:"))) {
            return new StartUp(null, warmUp);
        }
        FutureTask<Mnist.Data> task = new FutureTask<>(
                () -> spec.equals("mnist") ? Mnist.load() : Mnist.load(Path.of(spec.substring("idx:".length()))));
        Thread thread = new Thread(task, "nnc-data");
        thread.setDaemon(true);
        thread.start();
        return new StartUp(task, warmUp);
    }

    /**
     * The Java trainer built and warmed for batches of {@code batch}, once its warm-up has stopped, and whether it is
     * as {@code initialize(seed)} leaves it; null when there is none (no warm-up, another batch size, or building it failed).
     */
    WarmUp.Warm warmTrainer(int batch, long seed) {
        return warmUp == null ? null : warmUp.finish(batch, seed);
    }

    /** Stops the warm-up, if any, without waiting: the run ends without training. */
    void stopWarmUp() {
        if (warmUp != null) {
            warmUp.stop();
        }
    }

    /** The value given to {@code option} (as {@code option value} or {@code option=value}), or null. */
    private static String value(String[] args, String option) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith(option + "=")) {
                value = args[i].substring(option.length() + 1);
            }
        }
        return value;
    }

    /** Whether the train block's data is being loaded already. */
    boolean loadingData() {
        return mnist != null;
    }

    /** The train block's MNIST data, once loaded; the loader's errors as if thrown here. */
    Mnist.Data data() throws IOException {
        try {
            return mnist.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading the data", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
