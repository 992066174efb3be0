package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float model (Vector API matrix kernels when present) against the double-precision model (plain
 * reference loops) on the same weights and batch: outputs, loss and every gradient agree to float rounding.
 */
class PrecisionAgreementTest {
    private static final String MODEL = """
            fn swish(x) = x * sigmoid(x)
            model Agree {
                input x: [37]
                target y: class(7)
                a = x -> fc1: dense(53) -> swish
                b = a -> fc2: dense(53) -> tanh
                out = concat(a + b, a) -> maxout(2) -> fc3: dense(7)
                loss = softmax_cross_entropy(out, y) + 1e-3 * l2(fc1, fc2, fc3)
            }
            """;

    @Test
    void floatAndDoubleModelsAgree() {
        int n = 9;
        GeneratedModel f = GeneratedModel.compile(MODEL, Precision.FLOAT, n);
        GeneratedModel d = GeneratedModel.compile(MODEL, Precision.DOUBLE, n);
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
        float[] xf = new float[n * 37];
        double[] xd = new double[n * 37];
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
