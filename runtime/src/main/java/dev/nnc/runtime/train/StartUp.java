package dev.nnc.runtime.train;

import dev.nnc.runtime.cpu.JitWarmUp;
import dev.nnc.runtime.data.Mnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What a run starts before its command line is parsed (parsing takes picocli about 0.2 s on a cold JVM):
 * loading the train block's MNIST data (about as long), compiling the matrix kernels ({@link JitWarmUp}, which
 * needs the time: started after parsing, it leaves the first steps to run uncompiled), and, for {@code --result},
 * the management beans its report reads. The data and the kernels are guesses from the train block, skipped when
 * the arguments could make them wrong: {@code --data} (or an {@code @file} of arguments) for the data,
 * {@code --device} naming anything but {@code java} for the kernels. A guess that turns out unused costs only the
 * work done in the background.
 */
final class StartUp {
    private final FutureTask<Mnist.Data> mnist;

    private StartUp(FutureTask<Mnist.Data> mnist) {
        this.mnist = mnist;
    }

    static StartUp begin(String[] args, TrainSettings settings) {
        if (Arrays.asList(args).contains("--result")) {
            RunReport.prepareInBackground();
        }
        boolean argumentFile = false;
        boolean dataFlag = false;
        String device = null;
        for (int i = 0; i < args.length; i++) {
            argumentFile |= args[i].startsWith("@");
            dataFlag |= args[i].equals("--data") || args[i].startsWith("--data=");
            if (args[i].equals("--device") && i + 1 < args.length) {
                device = args[i + 1];
            } else if (args[i].startsWith("--device=")) {
                device = args[i].substring("--device=".length());
            }
        }
        if (!argumentFile && (device == null || device.equals("java"))) {
            JitWarmUp.start();
        }
        String spec = settings.data();
        if (argumentFile || dataFlag || spec == null || !(spec.equals("mnist") || spec.startsWith("idx:"))) {
            return new StartUp(null);
        }
        FutureTask<Mnist.Data> task = new FutureTask<>(
                () -> spec.equals("mnist") ? Mnist.load() : Mnist.load(Path.of(spec.substring("idx:".length()))));
        Thread thread = new Thread(task, "nnc-data");
        thread.setDaemon(true);
        thread.start();
        return new StartUp(task);
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
