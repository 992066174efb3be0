package dev.nnc.runtime.cpu;

import java.util.Arrays;

/**
 * Run by {@link GemmProviderTest} in a JVM started without {@code --add-modules
 * jdk.incubator.vector}: prints which implementation {@link Gemm#get()} chose, a small product
 * computed with it, and what asking for the vector one says.
 */
public final class NoVectorModuleMain {

    private NoVectorModuleMain() {}

    public static void main(String[] args) {
        Gemm gemm = Gemm.get();
        Gemm.get(); // the second use must not log again
        float[] c = new float[4];
        gemm.nt(2, 2, 2, new float[] {1, 2, 3, 4}, 0, 2, new float[] {1, 0, 0, 1}, 0, 2, c, 0, 2, false);
        System.out.println(gemm.getClass().getSimpleName() + " " + Arrays.toString(c));
        try {
            Gemm.vector(1);
            System.out.println("vector: created");
        } catch (UnsupportedOperationException e) {
            System.out.println("vector: " + e.getMessage());
        }
    }
}
