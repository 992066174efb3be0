package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.device.Device;
import dev.nnc.compiler.Sources;
import dev.nnc.compiler.build.InMemoryJavac;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.runtime.io.Tensor;
import dev.nnc.runtime.opencl.OpenCl;
import dev.nnc.runtime.train.Trainable;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same model trained a few steps on every backend present — Java and OpenCL (PoCL's CPU device in
 * CI, a GPU where there is one) — from the same weights and batches: losses and weights agree to float
 * rounding. Dropout masks agree too, being a function of (seed, step, layer, element).
 */
class BackendAgreementTest {

    @BeforeAll
    static void needsAnOpenClDevice() {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty() || !OpenCl.devices(Device.TYPE.GPU).isEmpty(),
                "no OpenCL device: install pocl-opencl-icd (CI does)");
    }

    private static String device() {
        return OpenCl.devices(Device.TYPE.GPU).isEmpty() ? "opencl-cpu" : "gpu";
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "sgd(lr=0.1)|y: class(4)|out = x -> fc1: dense(16) -> relu -> dropout(0.3) -> fc2: dense(4)|"
                + "softmax_cross_entropy(out, y) + 1e-3 * l2(fc1, fc2)",
        "momentum(lr=0.05, beta=0.9)|y: class(4)|a = x -> dense(12) -> swish\n b = a -> dense(12) -> tanh\n"
                + " out = concat(a + b, a) -> maxout(2) -> prelu -> dense(4)|softmax_cross_entropy(out, y)",
        "adagrad(lr=0.05)|t: [4]|out = x -> dense(8) -> sigmoid -> dense(4) -> softmax|mse(out, t) * (1 + mse(out, t))",
        "adam(lr=0.01)|t: [4]|out = x -> dense(8) -> elu -> dense(8) -> leaky_relu -> dense(4)|"
                + "sigmoid_cross_entropy(out, t) + softmax_cross_entropy(out, t) / 2",
    })
    void javaAndOpenClTrainAlike(String spec) throws Exception {
        String[] part = spec.split("\\|");
        trainAlike(part, "[6]", 6, false);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "adam(lr=0.01)|y: class(4)|out = x -> conv2d(4, kernel=3, stride=2, padding=same) -> relu -> maxpool(2, padding=same)"
                + " -> flatten -> dense(4)|softmax_cross_entropy(out, y)",
        // no pooling window clipped (8 × 6 in 2 × 2 windows): the Java backend's constant-bound window loops
        "adam(lr=0.01)|y: class(4)|out = x -> conv2d(4, kernel=2, padding=valid) -> relu -> maxpool(2) -> flatten -> dense(4)"
                + "|softmax_cross_entropy(out, y)",
        "momentum(lr=0.05)|y: class(4)|a = x -> conv2d(2, kernel=[3, 2], padding=same)\n r = a + x -> dropout(0.2)"
                + "\n out = concat(r, a) -> conv2d(3, kernel=2, stride=2) -> avgpool(3, stride=1, padding=1) -> flatten -> dense(4)"
                + "|softmax_cross_entropy(out, y)",
    })
    void convolutionsTrainAlike(String spec) throws Exception {
        trainAlike(spec.split("\\|"), "[2, 9, 7]", 2 * 9 * 7, false);
    }

    /**
     * The tiled matrix products generated for GPUs (dense layers and their gradients, convolutions as implicit
     * products), and the products reduced by work groups (the first convolution's weight gradient, 3 × 18, and both
     * bias gradients; the second's weight gradient, 160 × 27, is above {@link ReducedProduct#MAX_CELLS} and tiled),
     * run on whatever device is present: ragged tiles, strides, padding. (PoCL takes minutes to compile kernels with
     * many barriers: one small model.)
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "adam(lr=0.01)|y: class(4)|out = x -> conv2d(3, kernel=3, stride=2, padding=same) -> relu"
                + " -> conv2d(160, kernel=3, padding=valid) -> flatten -> dense(4)|softmax_cross_entropy(out, y)",
    })
    void tiledProductsTrainAlike(String spec) throws Exception {
        // 20 × 16 images: the first convolution's 10 × 8 positions times a batch of 5 sum 400 terms, more than a work group's items
        trainAlike(spec.split("\\|"), "[2, 20, 16]", 2 * 20 * 16, true);
    }

    private void trainAlike(String[] part, String shape, int inputSize, boolean tiled) throws Exception {
        String source = """
                fn swish(x) = x * sigmoid(x)
                model Agree%d {
                    input x: %s
                    target %s
                    %s
                    loss = %s
                    train { optimizer = %s }
                }
                """.formatted(Math.abs((String.join("|", part) + tiled).hashCode()), shape, part[1], part[2], part[3], part[0]);
        Graph g = Sources.model(source);
        // Aparapi caches translated kernels by class name: each case gets its own
        ClassLoader loader = InMemoryJavac.compile(CodeGenerator.generate(g, "gen", Precision.FLOAT, true, tiled));
        String name = "gen." + CodeGenerator.className(g);
        int batch = 5;
        Trainable java = (Trainable) loader.loadClass(name + "Trainer").getConstructor(int.class).newInstance(batch);
        Trainable openCl = (Trainable) loader.loadClass(name + "OpenClTrainer").getConstructor(int.class, String.class)
                .newInstance(batch, device());
        java.initialize(9);
        openCl.initialize(9);
        Random random = new Random(1);
        boolean classes = java.classes() > 0;
        for (int step = 0; step < 4; step++) {
            float[] x = new float[batch * inputSize];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            int[] labels = random.ints(batch, 0, 4).toArray();
            float[] targets = new float[batch * 4];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = random.nextFloat() / 2;
            }
            int n = step == 3 ? 3 : batch; // a last, partial batch too
            double a = java.trainStep(x, classes ? labels : null, classes ? null : targets, n, 0.1f);
            double b = openCl.trainStep(x, classes ? labels : null, classes ? null : targets, n, 0.1f);
            assertEquals(a, b, 1e-4 * Math.max(1, Math.abs(a)), "loss of step " + step);
        }
        Map<String, Tensor> expected = java.state();
        Map<String, Tensor> actual = openCl.state();
        for (var e : expected.entrySet()) {
            float[] w = e.getValue().data();
            float[] v = actual.get(e.getKey()).data();
            for (int i = 0; i < w.length; i++) {
                assertEquals(w[i], v[i], 1e-4 * Math.max(1, Math.abs(w[i])), e.getKey() + "[" + i + "]");
            }
        }
        int[] correctJava = new int[1];
        int[] correctOpenCl = new int[1];
        float[] x = new float[batch * inputSize];
        int[] labels = {0, 1, 2, 3, 0};
        float[] targets = new float[batch * 4];
        double la = java.evaluate(x, classes ? labels : null, classes ? null : targets, batch, correctJava);
        double lb = openCl.evaluate(x, classes ? labels : null, classes ? null : targets, batch, correctOpenCl);
        assertEquals(la, lb, 1e-4 * Math.max(1, Math.abs(la)));
        assertEquals(correctJava[0], correctOpenCl[0]);
    }
}
