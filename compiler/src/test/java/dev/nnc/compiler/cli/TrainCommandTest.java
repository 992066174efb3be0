package dev.nnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.Sources;
import dev.nnc.runtime.io.Safetensors;
import dev.nnc.runtime.io.TensorFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnc train} on the samples, on real MNIST (fetched once into the cache), with fewer examples
 * and epochs than the README's main job but bars that still prove learning.
 */
class TrainCommandTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static synchronized Run nnc(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliOut = new StringWriter();
        StringWriter cliErr = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args, new PrintWriter(cliOut), new PrintWriter(cliErr));
            return new Run(status, cliOut + out.toString(StandardCharsets.UTF_8), cliErr + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    private static String sample(String path) {
        return Sources.samplesDir().resolve(path).toString();
    }

    private static double accuracy(Run run) {
        Matcher m = Pattern.compile("test accuracy: ([0-9.]+)%").matcher(run.out);
        assertTrue(m.find(), run.out + run.err);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void lineFitLearnsWeightPointOneAndBiasPointThree() throws Exception {
        Path weights = dir.resolve("line.safetensors");
        Run run = nnc("train", sample("line-fit/src/main/nn/linefit/line_fit.nn"), "--save", weights.toString());
        assertEquals(0, run.status, run.err);
        TensorFile saved = Safetensors.read(weights);
        assertEquals(0.1, saved.tensor("dense_1.weight").data()[0], 1e-3);
        assertEquals(0.3, saved.tensor("dense_1.bias").data()[0], 1e-3);
    }

    @Test
    void logisticRegressionLearnsMnist() {
        Run run = nnc("train", sample("mnist-logistic/src/main/nn/logistic/mnist_logistic.nn"), "--limit", "20000", "--epochs", "2");
        assertEquals(0, run.status, run.err);
        assertTrue(accuracy(run) >= 89.0, run.out);
    }

    @Test
    void mlpLearnsMnistAndWritesMetricsAndCheckpoints() throws Exception {
        Path metrics = dir.resolve("metrics.csv");
        Path weights = dir.resolve("mlp.safetensors");
        Run run = nnc("train", sample("mnist-mlp/src/main/nn/mlp/mnist_mlp.nn"), "--limit", "20000", "--epochs", "2",
                "--metrics", metrics.toString(), "--save", weights.toString());
        assertEquals(0, run.status, run.err);
        assertTrue(accuracy(run) >= 94.5, run.out);
        var rows = Files.readAllLines(metrics);
        assertEquals("epoch,train_loss,test_loss,test_accuracy,seconds", rows.get(0));
        assertEquals(3, rows.size());
        assertTrue(rows.get(2).startsWith("2,"), rows.get(2));
        assertEquals(java.util.List.of(512, 784), java.util.Arrays.stream(
                Safetensors.read(weights).tensor("fc1.weight").shape()).boxed().toList());

        // the saved weights load back and give the same test accuracy without training (lr ~ 0)
        Run again = nnc("train", sample("mnist-mlp/src/main/nn/mlp/mnist_mlp.nn"), "--limit", "5100", "--epochs", "1", "--lr", "1e-30",
                "--init", weights.toString());
        assertEquals(0, again.status, again.err);
        assertEquals(accuracy(run), accuracy(again), 0.05);
    }

    @Test
    void aDivergingRunStopsWithTheStepTheTensorAndAHint() {
        Run run = nnc("train", sample("line-fit/src/main/nn/linefit/line_fit.nn"), "--lr", "1e9", "--epochs", "50");
        assertEquals(1, run.status);
        assertTrue(run.err.matches("(?s).*error: training diverged at step \\d+ \\(epoch \\d+\\): the loss is (NaN|Infinity);"
                + " the first non-finite tensor is .+\\.\\s+hint: lower the learning rate.*"), run.err);
    }

    @Test
    void missingDataIsAClearError() {
        Run run = nnc("train", sample("mnist-logistic/src/main/nn/logistic/mnist_logistic.nn"), "--data", dir.resolve("nowhere").toString());
        assertEquals(1, run.status);
        assertTrue(run.err.contains("error: ") && run.err.contains("nowhere"), run.err);
        assertTrue(!run.err.contains("\tat "), run.err);
    }

    @Test
    void compileWritesTheModelAndItsTrainer() throws Exception {
        Run run = nnc("compile", sample("mnist-mlp/src/main/nn/mlp/mnist_mlp.nn"), "-d", dir.toString(), "--package", "com.acme");
        assertEquals(0, run.status, run.err);
        String model = Files.readString(dir.resolve("com/acme/MnistMlp.java"));
        assertTrue(model.startsWith("// Generated by nnc 0.1.0 from " + sample("mnist-mlp/src/main/nn/mlp/mnist_mlp.nn")), model);
        assertTrue(model.contains("public final float[] fc1Weight = new float[401408];"), model);
        assertTrue(Files.readString(dir.resolve("com/acme/MnistMlpTrainer.java")).contains("public static void main(String[] args)"));
    }

    @Test
    void aModelWithoutWeightsIsAClearErrorNotACrash() throws Exception {
        Path nn = Files.writeString(dir.resolve("no_weights.nn"), """
                model NoWeights {
                    input x: [4]
                    target t: [4]
                    out = x -> relu
                    loss = mse(out, t)
                    train { optimizer = sgd(lr=0.1) }
                }
                """);
        for (String[] args : List.of(new String[] {"compile", nn.toString(), "-d", dir.resolve("out").toString(), "--opencl"},
                new String[] {"train", nn.toString(), "--epochs", "1"})) {
            Run run = nnc(args);
            assertEquals(1, run.status, run.err);
            assertTrue(run.err.contains("error: cannot generate model `NoWeights`: `NoWeights` has no layer with weights"), run.err);
            assertTrue(!run.err.contains("\tat ") && !run.err.contains("internal error"), run.err);
        }
        assertTrue(!Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void compileWithOpenClAlsoWritesTheKernelAndItsHost() throws Exception {
        Run run = nnc("compile", sample("mnist-mlp/src/main/nn/mlp/mnist_mlp.nn"), "-d", dir.toString(), "--opencl");
        assertEquals(0, run.status, run.err);
        String kernel = Files.readString(dir.resolve("MnistMlpKernel.java"));
        assertTrue(kernel.contains("public final class MnistMlpKernel extends Kernel"), kernel);
        assertTrue(kernel.contains("private void fc1Forward(int gid)"), kernel);
        assertTrue(Files.readString(dir.resolve("MnistMlpTrainer.java")).contains("\"MnistMlpOpenClTrainer\""));
        assertTrue(Files.exists(dir.resolve("MnistMlpOpenClTrainer.java")));
    }

    @Test
    void tiledAsksForMatrixProductsInLocalMemory() throws Exception {
        Run run = nnc("compile", sample("mnist-cnn/src/main/nn/cnn/mnist_cnn.nn"), "-d", dir.toString(), "--opencl", "--tiled");
        assertEquals(0, run.status, run.err);
        String kernel = Files.readString(dir.resolve("MnistCnnKernel.java"));
        assertTrue(kernel.contains("@Kernel.Local") || kernel.contains("@Local"), kernel);
        assertTrue(kernel.contains("private void conv2ForwardTiled(int gid)") && kernel.contains("localBarrier()"), kernel);
        assertTrue(!kernel.contains("private void conv2Forward(int gid)"), "the direct form is left out");
        String host = Files.readString(dir.resolve("MnistCnnOpenClTrainer.java"));
        assertTrue(host.contains("run(MnistCnnKernel.CONV2_FORWARD_TILED, "), host);
    }

    @Test
    void trainsOnAnOpenClDevice() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                !dev.nnc.runtime.opencl.OpenCl.devices(com.aparapi.device.Device.TYPE.CPU).isEmpty(), "no OpenCL CPU device");
        Run run = nnc("train", sample("mnist-logistic/src/main/nn/logistic/mnist_logistic.nn"), "--device", "opencl-cpu", "--limit", "3000",
                "--epochs", "1", "--profile", "--result");
        assertEquals(0, run.status, run.err);
        assertTrue(run.out.contains("device: opencl-cpu: "), run.out);
        assertTrue(accuracy(run) >= 80.0, run.out);
        // --profile: the time a step spends in each pass and in copies, over the second half of the 30 steps (3000 / 100)
        assertTrue(run.out.contains("time a step on opencl-cpu, steps 16–30"), run.out);
        assertTrue(run.out.contains("| pass fcForward | 1 |"), run.out);
        assertTrue(run.out.contains("| copies to the device: input, labels | 2 | 314,000 |"), run.out); // 100 × 784 floats, 100 labels
        assertTrue(run.out.contains("| copies to the host: rowLoss | 1 |"), run.out);
        Matcher kernels = Pattern.compile("\"device_kernel_ms\":([0-9.]+)").matcher(run.out);
        Matcher step = Pattern.compile("\"device_step_ms\":([0-9.]+)").matcher(run.out);
        assertTrue(kernels.find() && step.find(), run.out);
        double kernelMs = Double.parseDouble(kernels.group(1)), stepMs = Double.parseDouble(step.group(1));
        assertTrue(kernelMs > 0 && kernelMs < stepMs, run.out);
    }

    @Test
    void profilingTheJavaBackendIsAClearError() {
        Run run = nnc("train", sample("line-fit/src/main/nn/linefit/line_fit.nn"), "--device", "java", "--profile");
        assertEquals(1, run.status);
        assertTrue(run.err.contains("error: --profile times an OpenCL device's kernels and copies"), run.err);
    }

    @Test
    void anUnknownDeviceIsAClearError() {
        Run run = nnc("train", sample("line-fit/src/main/nn/linefit/line_fit.nn"), "--device", "tpu");
        assertEquals(1, run.status);
        assertTrue(run.err.contains("error: unknown device `tpu`; expected java, gpu or opencl-cpu"), run.err);
    }

    @Test
    void theCnnCompilesToJavaAndOpenCl() throws Exception {
        Run run = nnc("compile", sample("mnist-cnn/src/main/nn/cnn/mnist_cnn.nn"), "-d", dir.toString(), "--opencl");
        assertEquals(0, run.status, run.err);
        String java = Files.readString(dir.resolve("MnistCnn.java"));
        assertTrue(java.contains("GEMM.nnWindows(32, conv1Weight, 0, 25, CONV1_WINDOWS, input"), java);
        // conv2's input gradient is folded by the runtime; conv1's (the image's) is not computed at all
        assertTrue(java.contains("GEMM.tnWindows(64, conv2Weight, 0, 800, CONV2_WINDOWS, conv2Grad, 0, 12544, maxpool1Grad, 0, 6272, n, false)"),
                java);
        assertFalse(java.contains("GEMM.tnWindows(32, conv1Weight"), java);
        assertTrue(Files.readString(dir.resolve("MnistCnnKernel.java")).contains("private void conv1InputGrad(int gid)")
                || Files.readString(dir.resolve("MnistCnnKernel.java")).contains("private void conv2InputGrad(int gid)"));
    }
}
