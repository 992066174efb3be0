package dev.nnc.runtime.cpu;

import static dev.nnc.runtime.cpu.VectorKernels.LANES;
import static dev.nnc.runtime.cpu.VectorKernels.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * {@link Updates} with the Vector API, in the kernels' one vector shape, with loads, stores, {@code add}, {@code fma},
 * broadcasts and square roots: a product is {@code a.fma(b, −0)} and a difference {@code b.fma(−1, a)}, the same floats
 * as {@code a · b} and {@code a − b}. No vector division: with one in this update, C2 compiled Winograd's transforms with
 * their stores unintrinsified, conv2's weight gradient 2.4 → 3.3 ms a step (DIV is the one operation here with the
 * Vector API's special-case kind bit; why it changes the kernels' compilation is not settled, bench/NOTES.md item 50).
 * So Adam and AdaGrad divide in a plain loop over a chunk's numerators and denominators in scratch arrays at one index,
 * which C2 vectorises itself. Loaded by reflection only ({@link GemmProvider}).
 */
final class VectorUpdates implements Updates {
    /** Elements an update takes at a time between its vector and its plain loops: their scratch stays in L1. */
    private static final int CHUNK = 256;
    private static final ScalarUpdates TAIL = ScalarUpdates.INSTANCE;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[CHUNK], new float[CHUNK]});
    private static final FloatVector MINUS_ZERO = FloatVector.broadcast(SPECIES, -0f), MINUS_ONE = FloatVector.broadcast(SPECIES, -1f);

    @Override
    public void sgd(float[] w, float[] grad, int gradFrom, int from, int to, float decay, float lr) {
        int shift = gradFrom - from, i = from;
        FloatVector z = MINUS_ZERO, d = FloatVector.broadcast(SPECIES, decay), rate = FloatVector.broadcast(SPECIES, lr);
        for (int end = to - LANES; i <= end; i += LANES) {
            FloatVector wi = FloatVector.fromArray(SPECIES, w, i);
            FloatVector g = FloatVector.fromArray(SPECIES, grad, i + shift).add(wi.fma(d, z));
            g.fma(rate, z).fma(MINUS_ONE, wi).intoArray(w, i);
        }
        TAIL.sgd(w, grad, i + shift, i, to, decay, lr);
    }

    @Override
    public void momentum(float[] w, float[] grad, int gradFrom, float[] velocity, int from, int to, float decay, float beta, float lr) {
        int shift = gradFrom - from, i = from;
        FloatVector z = MINUS_ZERO, d = FloatVector.broadcast(SPECIES, decay), b = FloatVector.broadcast(SPECIES, beta);
        FloatVector rate = FloatVector.broadcast(SPECIES, lr);
        for (int end = to - LANES; i <= end; i += LANES) {
            FloatVector wi = FloatVector.fromArray(SPECIES, w, i);
            FloatVector g = FloatVector.fromArray(SPECIES, grad, i + shift).add(wi.fma(d, z));
            FloatVector v = FloatVector.fromArray(SPECIES, velocity, i).fma(b, z).add(g);
            v.intoArray(velocity, i);
            v.fma(rate, z).fma(MINUS_ONE, wi).intoArray(w, i);
        }
        TAIL.momentum(w, grad, i + shift, velocity, i, to, decay, beta, lr);
    }

    @Override
    public void adagrad(float[] w, float[] grad, int gradFrom, float[] squareSum, int from, int to, float decay, float lr, float eps) {
        float[][] scratch = SCRATCH.get();
        float[] num = scratch[0], den = scratch[1];
        int shift = gradFrom - from, i = from;
        FloatVector z = MINUS_ZERO, d = FloatVector.broadcast(SPECIES, decay), rate = FloatVector.broadcast(SPECIES, lr);
        FloatVector e = FloatVector.broadcast(SPECIES, eps);
        for (int chunkEnd = from + (to - from) / LANES * LANES; i < chunkEnd; ) {
            int len = Math.min(CHUNK, chunkEnd - i);
            for (int j = 0; j < len; j += LANES) {
                FloatVector wi = FloatVector.fromArray(SPECIES, w, i + j);
                FloatVector g = FloatVector.fromArray(SPECIES, grad, i + j + shift).add(wi.fma(d, z));
                FloatVector s = FloatVector.fromArray(SPECIES, squareSum, i + j).add(g.fma(g, z));
                s.intoArray(squareSum, i + j);
                g.fma(rate, z).intoArray(num, j);
                s.sqrt().add(e).intoArray(den, j);
            }
            subtractQuotients(num, den, len, w, i);
            i += len;
        }
        TAIL.adagrad(w, grad, i + shift, squareSum, i, to, decay, lr, eps);
    }

    @Override
    public void adam(float[] w, float[] grad, int gradFrom, float[] mean, float[] variance, int from, int to, float decay, float beta1,
                     float oneMinusBeta1, float beta2, float oneMinusBeta2, float stepSize, float correction, float eps) {
        float[][] scratch = SCRATCH.get();
        float[] num = scratch[0], den = scratch[1];
        int shift = gradFrom - from, i = from;
        FloatVector z = MINUS_ZERO, d = FloatVector.broadcast(SPECIES, decay);
        FloatVector b1 = FloatVector.broadcast(SPECIES, beta1), c1 = FloatVector.broadcast(SPECIES, oneMinusBeta1);
        FloatVector b2 = FloatVector.broadcast(SPECIES, beta2), c2 = FloatVector.broadcast(SPECIES, oneMinusBeta2);
        FloatVector step = FloatVector.broadcast(SPECIES, stepSize), corr = FloatVector.broadcast(SPECIES, correction);
        FloatVector e = FloatVector.broadcast(SPECIES, eps);
        for (int chunkEnd = from + (to - from) / LANES * LANES; i < chunkEnd; ) {
            int len = Math.min(CHUNK, chunkEnd - i);
            for (int j = 0; j < len; j += LANES) {
                FloatVector wi = FloatVector.fromArray(SPECIES, w, i + j);
                FloatVector g = FloatVector.fromArray(SPECIES, grad, i + j + shift).add(wi.fma(d, z));
                FloatVector m = FloatVector.fromArray(SPECIES, mean, i + j).fma(b1, z).add(g.fma(c1, z));
                FloatVector v = FloatVector.fromArray(SPECIES, variance, i + j).fma(b2, z).add(g.fma(c2, z).fma(g, z));
                m.intoArray(mean, i + j);
                v.intoArray(variance, i + j);
                m.fma(step, z).intoArray(num, j);
                v.sqrt().fma(corr, z).add(e).intoArray(den, j);
            }
            subtractQuotients(num, den, len, w, i);
            i += len;
        }
        TAIL.adam(w, grad, i + shift, mean, variance, i, to, decay, beta1, oneMinusBeta1, beta2, oneMinusBeta2, stepSize, correction, eps);
    }

    /**
     * w[at + j] −= num[j] / den[j] for j in [0, len), len a whole number of vectors: the division in a plain loop over the
     * scratch at one index, which C2 vectorises, the difference exact ({@code num·(−1) + w}).
     */
    private static void subtractQuotients(float[] num, float[] den, int len, float[] w, int at) {
        for (int j = 0; j < len; j++) {
            num[j] /= den[j];
        }
        VectorKernels.axpy(len, -1f, num, 0, w, at);
    }
}
