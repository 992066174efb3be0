package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * An OpenCL pass computing C[m×n] = Σ_k A(i, k)·B(k, j) in tiles of {@value #T}×{@value #T}: each work group
 * of {@value #T}² items stages one tile of A and one of B in local memory per step of k, so every value read
 * from global memory is used {@value #T} times. Dense layers are such products, and so are convolutions,
 * with B (or A) the unrolled windows computed while the tile loads (implicit GEMM: nothing is unrolled in
 * global memory). A work item writes one element of C through {@code store}, which sees the sum as {@code s}
 * and C's row and column as {@code i} and {@code j}.
 *
 * <p>Each operand says along which index neighbouring work items read it ({@code kFastest}): along k for A
 * stored row-major, along its other index otherwise, so that loads stay coalesced on GPUs.
 */
record TiledProduct(CodeBlock m, CodeBlock n, CodeBlock k, Operand a, Operand b, CodeBlock store) {
    static final int T = 16;
    static final int LOCAL_SIZE = T * T;
    static final String TILE_A = "tileA";
    static final String TILE_B = "tileB";

    /**
     * A matrix read element by element: {@code load} assigns {@code value} from the row and column
     * variables it is given ({@code row}, {@code col}; both inside the matrix), using statements if it
     * must; {@code kFastest}: neighbouring work items read along k.
     */
    record Operand(boolean kFastest, Load load) {}

    interface Load {
        CodeBlock code(String row, String col, String value);
    }

    /** A load that is one expression of {@code row} and {@code col}, written with {@code %1$s} and {@code %2$s}. */
    static Load expression(String format) {
        return (row, col, value) -> CodeBlock.builder().addStatement("$L = " + format.formatted(row, col), value).build();
    }

    /** The host's global size: one work group per tile of C. */
    CodeBlock globalSize() {
        return CodeBlock.of("(($L) + $L) / $L * ((($L) + $L) / $L) * $L", m, T - 1, T, n, T - 1, T, LOCAL_SIZE);
    }

    Pass pass(String method, String doc) {
        return new Pass(method + "Tiled", doc + "; tiled " + T + "×" + T + " in local memory", globalSize(), body(), LOCAL_SIZE);
    }

    private CodeBlock body() {
        CodeBlock.Builder code = CodeBlock.builder()
                .addStatement("final int lid = getLocalId()")
                .addStatement("final int ty = lid / $L", T)
                .addStatement("final int tx = lid - ty * $L", T)
                .addStatement("final int tilesN = (($L) + $L) / $L", n, T - 1, T)
                .addStatement("final int tileRow = getGroupId() / tilesN")
                .addStatement("final int tileCol = getGroupId() - tileRow * tilesN")
                .addStatement("final int rows = $L", m)
                .addStatement("final int cols = $L", n)
                .addStatement("final int depth = $L", k)
                .addStatement("float s = 0f")
                .beginControlFlow("for (int k0 = 0; k0 < depth; k0 += $L)", T);
        // A's tile element (row, kk) at tileA[row * T + kk]; B's (kk, col) at tileB[kk * T + col].
        String aRow = a().kFastest() ? "ty" : "tx";
        String aK = a().kFastest() ? "tx" : "ty";
        code.addStatement("final int ai = tileRow * $L + $L", T, aRow)
                .addStatement("final int ak = k0 + $L", aK)
                .addStatement("float av = 0f")
                .beginControlFlow("if (ai < rows && ak < depth)")
                .add(a().load().code("ai", "ak", "av"))
                .endControlFlow()
                .addStatement("$L[$L * $L + $L] = av", TILE_A, aRow, T, aK);
        String bK = b().kFastest() ? "tx" : "ty";
        String bCol = b().kFastest() ? "ty" : "tx";
        code.addStatement("final int bk = k0 + $L", bK)
                .addStatement("final int bj = tileCol * $L + $L", T, bCol)
                .addStatement("float bv = 0f")
                .beginControlFlow("if (bk < depth && bj < cols)")
                .add(b().load().code("bk", "bj", "bv"))
                .endControlFlow()
                .addStatement("$L[$L * $L + $L] = bv", TILE_B, bK, T, bCol)
                .addStatement("localBarrier()")
                .beginControlFlow("for (int t = 0; t < $L; t++)", T)
                .addStatement("s += $L[ty * $L + t] * $L[t * $L + tx]", TILE_A, T, TILE_B, T)
                .endControlFlow()
                .addStatement("localBarrier()")
                .endControlFlow()
                .addStatement("final int i = tileRow * $L + ty", T)
                .addStatement("final int j = tileCol * $L + tx", T)
                .beginControlFlow("if (i < rows && j < cols)")
                .add(store)
                .endControlFlow();
        return code.build();
    }
}
