package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * An OpenCL pass computing C[m×n] = Σ_k A(i, k)·B(k, j) with one work group of {@value TiledProduct#LOCAL_SIZE} items
 * per element of C: each item sums every {@value TiledProduct#LOCAL_SIZE}th term, neighbouring items reading
 * neighbouring k, and the group adds the items' sums in local memory. For products whose C is small and whose k is
 * long, the gradients of a first convolution's weights (32 × 25, summed over a batch's 39,200 positions) and of every
 * convolution's bias: as a {@link TiledProduct} such a C is a few work groups, each running the whole k alone, which
 * left a GPU nearly idle (conv1's weight gradient 1.84 ms a step on an H100, 21 % of the step).
 * {@code store} sees the sum as {@code s} and C's row and column as {@code i} and {@code j}.
 */
record ReducedProduct(int m, int n, CodeBlock k, TiledProduct.Load a, TiledProduct.Load b, CodeBlock store) {
    private static final int GROUP = TiledProduct.LOCAL_SIZE;
    /** Products with at most this many elements of C are reduced: as tiles, fewer than 16 work groups. */
    static final int MAX_CELLS = 16 * TiledProduct.LOCAL_SIZE;

    /** B's element is 1: C's row i is then Σ_k A(i, k), a bias's gradient. */
    static final TiledProduct.Load ONES = (row, col, value) -> CodeBlock.builder().addStatement("$L = 1f", value).build();

    Pass pass(String method, String doc) {
        CodeBlock global = CodeBlock.of("$L", m * n * GROUP);
        return new Pass(method + "Reduced", doc + "; one work group of " + GROUP + " per element, reduced in local memory", global,
                body(), GROUP);
    }

    private CodeBlock body() {
        return CodeBlock.builder()
                .addStatement("final int lid = getLocalId()")
                .addStatement("final int i = getGroupId() / $L", n)
                .addStatement("final int j = getGroupId() - i * $L", n)
                .addStatement("final int depth = $L", k)
                .addStatement("float s = 0f")
                .beginControlFlow("for (int kk = lid; kk < depth; kk += $L)", GROUP)
                .addStatement("float av = 0f")
                .add(a.code("i", "kk", "av"))
                .addStatement("float bv = 0f")
                .add(b.code("kk", "j", "bv"))
                .addStatement("s += av * bv")
                .endControlFlow()
                .addStatement("$L[lid] = s", TiledProduct.TILE_A)
                .addStatement("localBarrier()")
                // not `half`: a type in OpenCL C
                .beginControlFlow("for (int span = $L; span > 0; span /= 2)", GROUP / 2)
                .beginControlFlow("if (lid < span)")
                .addStatement("$L[lid] += $L[lid + span]", TiledProduct.TILE_A, TiledProduct.TILE_A)
                .endControlFlow()
                .addStatement("localBarrier()")
                .endControlFlow()
                .beginControlFlow("if (lid == 0)")
                .addStatement("s = $L[0]", TiledProduct.TILE_A)
                .add(store)
                .endControlFlow().build();
    }
}
