package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float model (Vector API matrix kernels when present) against the double-precision model (plain
 * reference loops) on the same weights and batch: outputs, loss and every gradient agree to float rounding.
 */
class PrecisionAgreementTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        """
        fn swish(x) = x * sigmoid(x)
        model Agree {
            input x: [37]
            target y: class(7)
            a = x -> fc1: dense(53) -> swish
            b = a -> fc2: dense(53) -> tanh
            out = concat(a + b, a) -> maxout(2) -> fc3: dense(7)
            loss = softmax_cross_entropy(out, y) + 1e-3 * l2(fc1, fc2, fc3)
        }
        """,
        """
        model Agree {
            input x: [3, 13, 11]
            target y: class(7)
            out = x -> c1: conv2d(8, kernel=5, padding=same) -> relu -> maxpool(2, padding=same)
                -> c2: conv2d(6, kernel=[3, 2], stride=2) -> relu -> avgpool(2, stride=1) -> flatten -> fc: dense(7)
            loss = softmax_cross_entropy(out, y) + 1e-3 * l2(c1, c2, fc)
        }
        """,
    })
    void floatAndDoubleModelsAgree(String model) {
        int n = 9;
        GeneratedModel f = GeneratedModel.compile(model, Precision.FLOAT, n);
        GeneratedModel d = GeneratedModel.compile(model, Precision.DOUBLE, n);
        int inputSize = f.graph.input().shape().size();
        d.call("initialize", 5L);
        for (String name : d.parameters()) {
            double[] source = (double[]) d.parameter(name);
            float[] target = (float[]) f.parameter(name);
            for (int i = 0; i < source.length; i++) {
                source[i] = (float) source[i];
                target[i] = (float) source[i];
            }
        }
        Random random = new Random(3);
        float[] xf = new float[n * inputSize];
        double[] xd = new double[n * inputSize];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) random.nextGaussian();
            xd[i] = xf[i];
        }
        int[] labels = random.ints(n, 0, 7).toArray();
        f.call("forward", xf, n, false);
        d.call("forward", xd, n, false);
        double lf = (double) f.call("loss", labels, n, true);
        double ld = (double) d.call("loss", labels, n, true);
        assertEquals(ld, lf, 1e-5 * Math.abs(ld));
        float[] of = (float[]) f.call("output");
        double[] od = (double[]) d.call("output");
        for (int i = 0; i < n * 7; i++) {
            assertEquals(od[i], of[i], 1e-4 * Math.max(1, Math.abs(od[i])), "output " + i);
        }
        f.call("backward", n);
        d.call("backward", n);
        for (String name : d.parameters()) {
            double[] gd = (double[]) d.gradient(name);
            float[] gf = (float[]) f.gradient(name);
            double scale = 0;
            for (double g : gd) {
                scale = Math.max(scale, Math.abs(g));
            }
            for (int i = 0; i < gd.length; i++) {
                assertEquals(gd[i], gf[i], 1e-4 * scale, name + "[" + i + "]");
            }
        }
    }
}
