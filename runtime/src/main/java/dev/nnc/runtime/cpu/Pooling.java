package dev.nnc.runtime.cpu;

/** Max pooling by 2 × 2 windows at stride 2 as plain loops: the generated loop's floats, a plane's rows at a time. */
final class Pooling {
    private Pooling() {}

    /** {@link Gemm#maxPool2x2} for output rows [{@code rowFrom}, {@code rowTo}). */
    static void maxPool2x2(float[] in, int from, int width, int rowFrom, int rowTo, int cols, float[] out, int at, int[] argmax,
                           float bias, boolean relu) {
        for (int y = rowFrom; y < rowTo; y++) {
            for (int x = 0; x < cols; x++) {
                int o = at + y * cols + x;
                int upper = from + 2 * y * width + 2 * x, lower = upper + width;
                float v0 = in[upper], v1 = in[upper + 1], v2 = in[lower], v3 = in[lower + 1];
                int upperBest = v1 > v0 ? upper + 1 : upper, lowerBest = v3 > v2 ? lower + 1 : lower;
                float upperMax = Math.max(v0, v1), lowerMax = Math.max(v2, v3);
                argmax[o] = lowerMax > upperMax ? lowerBest : upperBest;
                float max = Math.max(upperMax, lowerMax) + bias;
                out[o] = relu ? Math.max(max, 0f) : max;
            }
        }
    }
}
