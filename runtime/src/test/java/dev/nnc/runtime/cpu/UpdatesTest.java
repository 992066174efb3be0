package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.runtime.train.Optimizers;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API updates compute the same floats as the plain loops, to the bit, and both the same as the optimizers'
 * loops over a gradient at the weights' own index: ranges of every length around a vector's and a chunk's, the gradient
 * read from another index, with and without an l2 decay, and zero gradients of either sign among them. (Each update is
 * checked against its definition in {@code OptimizersTest}.)
 */
class UpdatesTest {
    private static final Updates VECTOR = new VectorUpdates(), PLAIN = Updates.scalar();
    private static final int SIZE = 1400;

    private interface Step {
        /** One update of elements [from, to) of state[0] (the weights) and its other state, the gradient from grad[gradFrom]. */
        void run(Updates u, float[][] state, float[] grad, int gradFrom, int from, int to, float decay);
    }

    @Test
    void sgd() {
        agree(1, (u, s, g, gf, from, to, d) -> u.sgd(s[0], g, gf, from, to, d, 0.1f),
                (s, g, from, to, d) -> Optimizers.sgd(s[0], g, from, from, to, d, 0.1f));
    }

    @Test
    void momentum() {
        agree(2, (u, s, g, gf, from, to, d) -> u.momentum(s[0], g, gf, s[1], from, to, d, 0.9f, 0.1f),
                (s, g, from, to, d) -> Optimizers.momentum(s[0], g, from, s[1], from, to, d, 0.9f, 0.1f));
    }

    @Test
    void adagrad() {
        agree(2, (u, s, g, gf, from, to, d) -> u.adagrad(s[0], g, gf, s[1], from, to, d, 0.1f, 1e-10f),
                (s, g, from, to, d) -> Optimizers.adagrad(s[0], g, from, s[1], from, to, d, 0.1f, 1e-10f));
    }

    @Test
    void adam() {
        agree(3, (u, s, g, gf, from, to, d) -> u.adam(s[0], g, gf, s[1], s[2], from, to, d, 0.9f, 0.1f, 0.999f, 0.001f, 0.01f, 31.6f,
                        1e-8f),
                (s, g, from, to, d) -> Optimizers.adam(s[0], g, from, s[1], s[2], from, to, d, 0.9f, 0.1f, 0.999f, 0.001f, 0.01f,
                        31.6f, 1e-8f));
    }

    private interface InPlace {
        void run(float[][] state, float[] grad, int from, int to, float decay);
    }

    private static void agree(int states, Step step, InPlace inPlace) {
        Random random = new Random(states);
        for (int length : new int[] {0, 1, 7, 8, 9, 31, 255, 256, 257, 600, 1000}) {
            for (float decay : new float[] {0f, 1e-3f}) {
                int from = random.nextInt(SIZE - length + 1), gradFrom = random.nextInt(SIZE - length + 1);
                float[][] start = new float[states][SIZE];
                float[] grad = new float[SIZE], block = new float[SIZE];
                for (int i = 0; i < SIZE; i++) {
                    start[0][i] = (float) random.nextGaussian();
                    for (int s = 1; s < states; s++) {
                        start[s][i] = random.nextFloat();
                    }
                    grad[i] = random.nextInt(10) == 0 ? (random.nextBoolean() ? 0f : -0f) : (float) random.nextGaussian();
                }
                System.arraycopy(grad, from, block, gradFrom, length);
                float[][] vector = copy(start), plain = copy(start), own = copy(start);
                for (int repeat = 0; repeat < 2; repeat++) { // the state after one step feeds the next
                    step.run(VECTOR, vector, block, gradFrom, from, from + length, decay);
                    step.run(PLAIN, plain, block, gradFrom, from, from + length, decay);
                    inPlace.run(own, grad, from, from + length, decay);
                }
                for (int s = 0; s < states; s++) {
                    String what = "state " + s + ", " + length + " elements from " + from + ", decay " + decay;
                    assertArrayEquals(plain[s], vector[s], "Vector API: " + what);
                    assertArrayEquals(plain[s], own[s], "at the weights' own index: " + what);
                }
            }
        }
    }

    private static float[][] copy(float[][] a) {
        float[][] c = new float[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
