package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;

/** Which runtime kernels the generated code calls for matrix products: Vector API floats, or reference doubles. */
final class Kernels {
    static final ClassName GEMM = ClassName.get("dev.nnc.runtime.cpu", "Gemm");
    static final ClassName DOUBLE_GEMM = ClassName.get("dev.nnc.runtime.cpu", "DoubleGemm");

    private final Precision precision;

    Kernels(Precision precision) {
        this.precision = precision;
    }

    /** The receiver of {@code nn/nt/tn} calls: the model's {@code GEMM} field, or the static reference class. */
    CodeBlock gemm() {
        return precision == Precision.FLOAT ? CodeBlock.of("GEMM") : CodeBlock.of("$T", DOUBLE_GEMM);
    }
}
