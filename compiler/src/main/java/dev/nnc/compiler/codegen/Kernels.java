package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Which runtime kernels the generated code calls: Vector API floats, or reference doubles; and the
 * loops over a batch's examples that run in parallel, each as a private method of the model.
 */
final class Kernels {
    static final ClassName GEMM = ClassName.get("dev.nnc.runtime.cpu", "Gemm");
    static final ClassName DOUBLE_GEMM = ClassName.get("dev.nnc.runtime.cpu", "DoubleGemm");
    static final ClassName SUMS = ClassName.get("dev.nnc.runtime.cpu", "Sums");
    static final ClassName WINDOWS = ClassName.get("dev.nnc.runtime.cpu", "Windows");
    private static final ClassName RANGE = GEMM.nestedClass("Range");

    private final Precision precision;
    private final List<MethodSpec> methods = new ArrayList<>();
    private final List<FieldSpec> fields = new ArrayList<>();

    Kernels(Precision precision) {
        this.precision = precision;
    }

    /** The receiver of {@code nn/nt/tn} calls: the model's {@code GEMM} field, or the static reference class. */
    CodeBlock gemm() {
        return precision == Precision.FLOAT ? CodeBlock.of("GEMM") : CodeBlock.of("$T", DOUBLE_GEMM);
    }

    /**
     * Makes {@code body} — code for example {@code r}, which may use {@code part} to pick its scratch
     * buffer and must touch no other example's data — a private method looping over a range of examples,
     * and returns the statement that runs it over the batch: in parallel on the float backend, on one
     * thread in the double-precision reference.
     */
    CodeBlock perExample(String method, String doc, CodeBlock body) {
        return perRange(method, doc, CodeBlock.builder().beginControlFlow("for (int r = from; r < to; r++)").add(body).endControlFlow()
                .build());
    }

    /** {@link #perExample} for a body that takes its examples [from, to) itself. */
    CodeBlock perRange(String method, String doc, CodeBlock body) {
        methods.add(MethodSpec.methodBuilder(method).addModifiers(Modifier.PRIVATE)
                .addJavadoc(doc + "\n")
                .addParameter(int.class, "from").addParameter(int.class, "to").addParameter(int.class, "part")
                .addCode(body)
                .build());
        if (precision != Precision.FLOAT) {
            return CodeBlock.builder().addStatement("$L(0, n, 0)", method).build();
        }
        String task = method + "Task";
        fields.add(FieldSpec.builder(RANGE, task, Modifier.PRIVATE, Modifier.FINAL).initializer("this::$L", method).build());
        return CodeBlock.builder().addStatement("GEMM.forEachRange(n, $L)", task).build();
    }

    /** Adds the methods and fields that {@link #perExample} made so far. */
    void addTo(TypeSpec.Builder type) {
        fields.forEach(type::addField);
        methods.forEach(type::addMethod);
    }
}
