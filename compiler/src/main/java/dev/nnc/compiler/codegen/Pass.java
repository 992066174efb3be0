package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;

/**
 * One pass of a model's OpenCL kernel: a private method of the kernel run for every {@code gid} in
 * [0, {@code globalSize}), where the host computes {@code globalSize} from the batch size {@code n};
 * in work groups of {@code localSize} items when it is positive (passes that share local memory),
 * else of the size the OpenCL implementation picks.
 */
record Pass(String method, String doc, CodeBlock globalSize, CodeBlock body, int localSize) {

    Pass(String method, String doc, CodeBlock globalSize, CodeBlock body) {
        this(method, doc, globalSize, body, 0);
    }

    /** The constant the kernel's {@code pass} field takes to run this pass. */
    String constant() {
        return JavaNames.constant(method.replaceAll("([a-z0-9])([A-Z])", "$1_$2"));
    }
}
