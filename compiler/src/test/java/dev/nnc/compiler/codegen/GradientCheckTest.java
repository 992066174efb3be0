package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every op's backward rule against central finite differences, in double precision, on whole
 * generated models: the analytic gradient of each parameter must match (L(w+h) - L(w-h)) / 2h.
 */
class GradientCheckTest {
    private static final int BATCH = 3;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // dense, relu and softmax cross-entropy against class labels
        "out = x -> dense(5) -> relu -> dense(3)\n loss = softmax_cross_entropy(out, y)",
        // every built-in activation
        "out = x -> dense(4) -> sigmoid -> dense(4) -> tanh -> dense(4) -> elu(alpha=0.7) -> dense(4) -> leaky_relu(alpha=0.2)"
                + " -> dense(4) -> relu6 -> dense(3) -> identity\n loss = softmax_cross_entropy(out, y)",
        // user functions over every built-in, inlined and differentiated symbolically
        "out = x -> dense(4) -> swish -> dense(4) -> wiggle -> dense(4) -> leaky(alpha=0.3) -> dense(3)\n"
                + " loss = softmax_cross_entropy(out, y)",
        // a standalone softmax, then mse against it
        "out = x -> dense(3) -> softmax\n loss = mse(out, t)",
        // residuals and concatenation
        "a = x -> dense(4)\n b = x -> dense(4) -> tanh\n s = a + b -> relu\n c = concat(s, a, x) -> dense(3)\n"
                + " loss = softmax_cross_entropy(c, y)",
        // prelu and maxout
        "out = x -> dense(6) -> prelu -> maxout(2) -> dense(3)\n loss = softmax_cross_entropy(out, y)",
        // l2 and loss arithmetic: sums, products and quotients of terms
        "h = x -> fc1: dense(4) -> tanh\n out = h -> fc2: dense(3)\n"
                + " loss = mse(out, t) * (1 + sigmoid_cross_entropy(out, t)) / (2 + mse(out, t)) + 0.3 * l2(fc1, fc2) - l2(fc2) / 4",
        // sigmoid cross-entropy against real targets, and a flatten
        "out = x -> flatten -> dense(3, init=normal(0, 0.5))\n loss = sigmoid_cross_entropy(out, t)",
        // dropout, with the same mask in every evaluation
        "out = x -> dense(6) -> relu -> dropout(0.5) -> dense(3)\n loss = softmax_cross_entropy(out, y)",
        // softmax cross-entropy against a distribution
        "out = x -> dense(3)\n loss = softmax_cross_entropy(out, t)",
    })
    void analyticGradientsMatchFiniteDifferences(String body) {
        boolean classes = body.contains(", y)");
        String source = """
                fn swish(x) = x * sigmoid(x)
                fn wiggle(x) = sqrt(1 + x * x) + exp(-abs(x)) + log(2 + sigmoid(x)) + pow(x, 2) / 3 + min(x, 0.5) - max(-x, 0.1)
                fn leaky(x, alpha=0.1) = max(alpha * x, x)
                model Check {
                    input x: [5]
                    target %s
                    %s
                }
                """.formatted(classes ? "y: class(3)" : "t: [3]", body);
        checkGradients(source, 5, classes);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "conv2d(4, kernel=3, stride=2, padding=valid) -> relu",
        // same padding on odd sizes with stride 2: TensorFlow pads more at the bottom and right
        "conv2d(4, kernel=3, stride=2, padding=same) -> tanh",
        "conv2d(2, kernel=[3, 2], stride=[1, 2], padding=1)",
        "conv2d(4, kernel=1, bias=false) -> maxpool(3, stride=2)",
        "conv2d(4, kernel=3, padding=same) -> avgpool(2, padding=same)",
        // no window clipped (6 × 6 in 2 × 2 windows): the pooling's constant-bound loops
        "conv2d(4, kernel=[2, 1], padding=valid) -> avgpool(2)",
        "conv2d(4, kernel=2, stride=2, padding=valid) -> avgpool(3, stride=1, padding=1)",
        "conv2d(4, kernel=3, padding=same) -> relu -> conv2d(3, kernel=3, stride=2) -> maxpool(2, stride=1)",
        "conv2d(5, kernel=3, padding=same) -> prelu -> dropout(0.3) -> maxpool(2, padding=same)",
        // a ReLU the max pooling computes (ReluPool): 2 × 2 windows inside the input, then overlapping clipped ones
        "conv2d(4, kernel=3, padding=same) -> relu -> maxpool(2)",
        "conv2d(4, kernel=3, padding=same) -> relu -> maxpool(3, stride=1, padding=1)",
    })
    void convolutionsAndPoolingMatchFiniteDifferences(String steps) {
        String source = """
                model Check {
                    input x: [3, 7, 6]
                    target y: class(3)
                    a = x -> conv2d(3, kernel=3, padding=same)
                    r = a + x
                    out = concat(r, a) -> %s -> flatten -> dense(3)
                    loss = softmax_cross_entropy(out, y)
                }
                """.formatted(steps);
        checkGradients(source, 3 * 7 * 6, true);
    }

    /**
     * A first convolution that only a max pooling reads: its weight gradient summed from what the pooling sent back and
     * where (PooledGradient), through a ReLU or not, with and without a bias, windows overlapping (values sent to one
     * element add up) and clipped.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "conv2d(4, kernel=3, padding=same) -> relu -> maxpool(2)",
        "conv2d(4, kernel=3, stride=2, padding=same, bias=false) -> maxpool(3, stride=1, padding=1)",
        "conv2d(3, kernel=[2, 3], padding=valid) -> relu -> maxpool(2, padding=same)",
    })
    void firstConvolutionsFromTheirPoolingMatchFiniteDifferences(String steps) {
        String source = """
                model Check {
                    input x: [3, 7, 6]
                    target y: class(3)
                    out = x -> %s -> flatten -> dense(3)
                    loss = softmax_cross_entropy(out, y)
                }
                """.formatted(steps);
        checkGradients(source, 3 * 7 * 6, true);
    }

    private static void checkGradients(String source, int inputSize, boolean classes) {
        GeneratedModel m = GeneratedModel.compile(source, Precision.DOUBLE, BATCH);
        Random random = new Random(7);
        double[] input = new double[BATCH * inputSize];
        for (int i = 0; i < input.length; i++) {
            input[i] = random.nextGaussian();
        }
        int[] labels = {0, 2, 1};
        double[] targets = new double[BATCH * 3];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextDouble() / 1.5;
        }
        Object target = classes ? labels : targets;
        m.call("initialize", 11L);

        lossAt(m, input, target, true);
        m.call("backward", BATCH);
        for (String name : m.parameters()) {
            double[] w = (double[]) m.parameter(name);
            double[] analytic = ((double[]) m.gradient(name)).clone();
            for (int i = 0; i < w.length; i++) {
                double saved = w[i];
                double h = 1e-6;
                w[i] = saved + h;
                double plus = lossAt(m, input, target, false);
                w[i] = saved - h;
                double minus = lossAt(m, input, target, false);
                w[i] = saved;
                double numeric = (plus - minus) / (2 * h);
                double error = Math.abs(numeric - analytic[i]);
                assertTrue(error <= 1e-6 * Math.max(1, Math.abs(numeric)),
                        "%s[%d]: analytic %.10g, finite differences %.10g".formatted(name, i, analytic[i], numeric));
            }
        }
    }

    private static double lossAt(GeneratedModel m, double[] input, Object target, boolean gradient) {
        m.call("reseed", 3L);
        m.call("forward", input, BATCH, true);
        return (double) m.call("loss", target, BATCH, gradient);
    }
}
