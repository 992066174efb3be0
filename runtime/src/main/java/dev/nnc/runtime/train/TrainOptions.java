package dev.nnc.runtime.train;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The flags every generated trainer takes; each overrides the model's train block. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "Trains the model and reports its test accuracy.")
final class TrainOptions {
    @Option(names = "--data", paramLabel = "PATH", description = "a folder with the four MNIST IDX files, or a CSV file")
    Path data;

    @Option(names = "--epochs", paramLabel = "N")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "the learning rate before decay")
    Double learningRate;

    @Option(names = "--seed", paramLabel = "N")
    Long seed;

    @Option(names = "--device", paramLabel = "D", description = "java, opencl-cpu or gpu (default: the fastest present)")
    String device;

    @Option(names = "--init", paramLabel = "FILE", description = "start from these weights (.safetensors)")
    Path init;

    @Option(names = "--save", paramLabel = "FILE", description = "write the weights here after every epoch (.safetensors)")
    Path save;

    @Option(names = "--no-shuffle", description = "keep the data set's order")
    boolean noShuffle;

    @Option(names = "--metrics", paramLabel = "FILE", description = "one CSV row per epoch: epoch,train_loss,test_loss,test_accuracy,seconds")
    Path metrics;

    @Option(names = "--limit", paramLabel = "N", description = "use only the first N training examples")
    Integer limit;

    @Option(names = "--profile", description = "on an OpenCL device: after the first epoch, a table of the time a step spends in"
            + " each kernel pass, in copies between host and device, and on the host")
    boolean profile;

    @Option(names = "--result", description = "print a last line `RESULT {json}` for benchmarks: the first epoch's seconds and"
            + " examples/s, test accuracy, cold start to the end of the first step, peak RSS, bytes allocated per warm step (from"
            + " step 21, and over the epoch's second half)")
    boolean result;
}
