package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.nnc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Which runtime kernels the generated code calls: Vector API floats, or reference doubles; and the
 * loops that run in parallel (over a batch's examples, a layer's filters, a parameter's elements), each as a
 * private method of the model.
 */
final class Kernels {
    static final ClassName GEMM = ClassName.get("dev.nnc.runtime.cpu", "Gemm");
    static final ClassName DOUBLE_GEMM = ClassName.get("dev.nnc.runtime.cpu", "DoubleGemm");
    static final ClassName SUMS = ClassName.get("dev.nnc.runtime.cpu", "Sums");
    static final ClassName WINDOWS = ClassName.get("dev.nnc.runtime.cpu", "Windows");
    static final ClassName SUM_OF_SQUARES = ClassName.get("dev.nnc.runtime.cpu", "SumOfSquares");
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
        return perRange(method, doc, "n", true, body);
    }

    /**
     * Makes {@code body}, code for the elements [from, to) of a range of {@code count} (examples, filters, a parameter's
     * elements), a private method, and returns the statement that runs it over the whole range: split between the
     * threads on the float backend when {@code parallel}, else in one call.
     */
    CodeBlock perRange(String method, String doc, String count, boolean parallel, CodeBlock body) {
        methods.add(MethodSpec.methodBuilder(method).addModifiers(Modifier.PRIVATE)
                .addJavadoc(doc + "\n")
                .addParameter(int.class, "from").addParameter(int.class, "to").addParameter(int.class, "part")
                .addCode(body)
                .build());
        if (precision != Precision.FLOAT || !parallel) {
            return CodeBlock.builder().addStatement("$L(0, $L, 0)", method, count).build();
        }
        String task = method + "Task";
        fields.add(FieldSpec.builder(RANGE, task, Modifier.PRIVATE, Modifier.FINAL).initializer("this::$L", method).build());
        return CodeBlock.builder().addStatement("GEMM.forEachRange($L, $L)", count, task).build();
    }

    /**
     * Whether a loop over this many elements a step is worth splitting between threads: it reads and writes memory
     * that no cache holds (CNN fc1's Adam step over 3.2 M weights was about 5 % of a step on one thread while the
     * other waited); a smaller one costs less than waking a thread.
     */
    static boolean worthSplitting(long elements) {
        return elements >= 1 << 16;
    }

    /** {@link #worthSplitting} for a loop over a layer's output for a batch of the train block's size. */
    static boolean worthSplitting(Layout l, Node n) {
        return worthSplitting((long) l.graph.train().batch() * n.shape().size());
    }

    /**
     * The expression for the sum of the squares of parameter {@code array}'s {@code size} elements: split between the
     * threads by a {@code SumOfSquares} field when {@link #worthSplitting}, else {@code Sums.sumOfSquares}.
     */
    CodeBlock sumOfSquares(String array, int size) {
        if (precision != Precision.FLOAT || !worthSplitting(size)) {
            return CodeBlock.of("$T.sumOfSquares($L)", SUMS, array);
        }
        String field = array + "Squares";
        fields.add(FieldSpec.builder(SUM_OF_SQUARES, field, Modifier.PRIVATE, Modifier.FINAL)
                .initializer("new $T($L)", SUM_OF_SQUARES, array).build());
        return CodeBlock.of("$L.of(GEMM)", field);
    }

    /** Adds the methods and fields that {@link #perRange} and {@link #sumOfSquares} made so far. */
    void addTo(TypeSpec.Builder type) {
        fields.forEach(type::addField);
        methods.forEach(type::addMethod);
    }
}
