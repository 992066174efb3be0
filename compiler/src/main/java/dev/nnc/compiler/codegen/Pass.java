package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * One pass of a model's OpenCL kernel: a private method of the kernel run for every {@code gid} in
 * [0, {@code globalSize}), where the host computes {@code globalSize} from the batch size {@code n}.
 */
record Pass(String method, String doc, CodeBlock globalSize, CodeBlock body) {

    /** The constant the kernel's {@code pass} field takes to run this pass. */
    String constant() {
        return JavaNames.constant(method.replaceAll("([a-z0-9])([A-Z])", "$1_$2"));
    }
}
