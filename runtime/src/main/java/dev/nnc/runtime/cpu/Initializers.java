package dev.nnc.runtime.cpu;

import java.util.SplittableRandom;

/**
 * Initial weights, as PyTorch and TensorFlow define them. {@code fanIn} and {@code fanOut} are
 * the generated layer's constants (dense [out, in]: in and out; conv [F, C, kh, kw]: C·kh·kw and F·kh·kw).
 */
public final class Initializers {
    private Initializers() {}

    public static void constant(float[] w, double value) {
        java.util.Arrays.fill(w, (float) value);
    }

    public static void constant(double[] w, double value) {
        java.util.Arrays.fill(w, value);
    }

    public static void uniform(float[] w, double low, double high, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (low + (high - low) * random.nextDouble());
        }
    }

    public static void uniform(double[] w, double low, double high, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = low + (high - low) * random.nextDouble();
        }
    }

    public static void normal(float[] w, double mean, double std, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (mean + std * gaussian(random));
        }
    }

    public static void normal(double[] w, double mean, double std, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = mean + std * gaussian(random);
        }
    }

    /** Normal values, those beyond two standard deviations drawn again (TensorFlow's truncated_normal). */
    public static void truncatedNormal(float[] w, double std, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (std * truncated(random));
        }
    }

    public static void truncatedNormal(double[] w, double std, SplittableRandom random) {
        for (int i = 0; i < w.length; i++) {
            w[i] = std * truncated(random);
        }
    }

    /** Glorot uniform: U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
    public static void xavier(float[] w, int fanIn, int fanOut, SplittableRandom random) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        uniform(w, -a, a, random);
    }

    public static void xavier(double[] w, int fanIn, int fanOut, SplittableRandom random) {
        double a = Math.sqrt(6.0 / (fanIn + fanOut));
        uniform(w, -a, a, random);
    }

    /** Kaiming normal for relu: N(0, 2 / fanIn). */
    public static void he(float[] w, int fanIn, SplittableRandom random) {
        normal(w, 0, Math.sqrt(2.0 / fanIn), random);
    }

    public static void he(double[] w, int fanIn, SplittableRandom random) {
        normal(w, 0, Math.sqrt(2.0 / fanIn), random);
    }

    private static double truncated(SplittableRandom random) {
        while (true) {
            double g = gaussian(random);
            if (Math.abs(g) <= 2) {
                return g;
            }
        }
    }

    /** Box–Muller: deterministic for a seed on every JVM, unlike java.util.Random's cached pair. */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
