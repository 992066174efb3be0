package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Each optimizer's update against its definition (PyTorch's) evaluated in double precision, with an l2 decay and without,
 * over a range that leaves the elements outside it alone.
 */
class OptimizersTest {
    private static final float[] W = {0.5f, -1.25f, 2f, 0.75f}, G = {0.1f, 0.3f, -0.2f, 5f};
    private static final float DECAY = 0.01f;

    private static double g(int i, float decay) {
        return G[i] + (double) decay * W[i];
    }

    @Test
    void sgd() {
        for (float decay : new float[] {0f, DECAY}) {
            float[] w = W.clone();
            Optimizers.sgd(w, G, 1, 1, 3, decay, 0.1f);
            for (int i = 1; i < 3; i++) {
                assertEquals(W[i] - 0.1 * g(i, decay), w[i], 1e-6);
            }
            assertUntouched(w);
        }
    }

    @Test
    void momentumTwoSteps() {
        for (float decay : new float[] {0f, DECAY}) {
            float[] w = W.clone(), v = new float[4];
            Optimizers.momentum(w, G, 1, v, 1, 3, decay, 0.9f, 0.1f);
            Optimizers.momentum(w, G, 1, v, 1, 3, decay, 0.9f, 0.1f);
            for (int i = 1; i < 3; i++) {
                double v1 = g(i, decay), w1 = W[i] - 0.1 * v1;
                double g2 = G[i] + (double) decay * w1, v2 = 0.9 * v1 + g2;
                assertEquals(v2, v[i], 1e-6);
                assertEquals(w1 - 0.1 * v2, w[i], 1e-6);
            }
            assertUntouched(w);
        }
    }

    @Test
    void adagrad() {
        for (float decay : new float[] {0f, DECAY}) {
            float[] w = W.clone(), s = {1f, 1f, 1f, 1f};
            Optimizers.adagrad(w, G, 1, s, 1, 3, decay, 0.1f, 1e-10f);
            for (int i = 1; i < 3; i++) {
                double sum = 1 + g(i, decay) * g(i, decay);
                assertEquals(sum, s[i], 1e-6);
                assertEquals(W[i] - 0.1 * g(i, decay) / (Math.sqrt(sum) + 1e-10), w[i], 1e-6);
            }
            assertUntouched(w);
        }
    }

    @Test
    void adamFirstStep() {
        for (float decay : new float[] {0f, DECAY}) {
            float[] w = W.clone(), m = new float[4], v = new float[4];
            double lr = 1e-3, stepSize = lr / (1 - 0.9), correction = 1 / Math.sqrt(1 - 0.999);
            Optimizers.adam(w, G, 1, m, v, 1, 3, decay, 0.9f, (float) (1 - 0.9), 0.999f, (float) (1 - 0.999), (float) stepSize,
                    (float) correction, 1e-8f);
            for (int i = 1; i < 3; i++) {
                double mi = 0.1 * g(i, decay), vi = 0.001 * g(i, decay) * g(i, decay);
                assertEquals(mi, m[i], 1e-7);
                assertEquals(vi, v[i], 1e-7);
                // the first step moves each weight by about lr against its gradient's sign: m̂ / √v̂ = ±1
                assertEquals(W[i] - stepSize * mi / (Math.sqrt(vi) * correction + 1e-8), w[i], 1e-6);
                assertEquals(W[i] - lr * Math.signum(g(i, decay)), w[i], 1e-6);
            }
            assertUntouched(w);
        }
    }

    /** A gradient handed over as a block of another array (Gemm.tnInto's) updates exactly as the same values in place. */
    @Test
    void gradientFromABlockElsewhere() {
        float[] block = {7f, 8f, 9f, G[1], G[2]};
        for (float decay : new float[] {0f, DECAY}) {
            float[][] inPlace = {W.clone(), new float[4], new float[4]}, fromBlock = {W.clone(), new float[4], new float[4]};
            Optimizers.sgd(inPlace[0], G, 1, 1, 3, decay, 0.1f);
            Optimizers.sgd(fromBlock[0], block, 3, 1, 3, decay, 0.1f);
            Optimizers.momentum(inPlace[0], G, 1, inPlace[1], 1, 3, decay, 0.9f, 0.1f);
            Optimizers.momentum(fromBlock[0], block, 3, fromBlock[1], 1, 3, decay, 0.9f, 0.1f);
            Optimizers.adagrad(inPlace[0], G, 1, inPlace[2], 1, 3, decay, 0.1f, 1e-10f);
            Optimizers.adagrad(fromBlock[0], block, 3, fromBlock[2], 1, 3, decay, 0.1f, 1e-10f);
            Optimizers.adam(inPlace[0], G, 1, inPlace[1], inPlace[2], 1, 3, decay, 0.9f, 0.1f, 0.999f, 0.001f, 0.01f, 31.6f, 1e-8f);
            Optimizers.adam(fromBlock[0], block, 3, fromBlock[1], fromBlock[2], 1, 3, decay, 0.9f, 0.1f, 0.999f, 0.001f, 0.01f, 31.6f,
                    1e-8f);
            for (int s = 0; s < 3; s++) {
                assertArrayEquals(inPlace[s], fromBlock[s]);
            }
            assertUntouched(fromBlock[0]);
        }
    }

    private static void assertUntouched(float[] w) {
        assertArrayEquals(new float[] {W[0], W[3]}, new float[] {w[0], w[3]});
    }
}
