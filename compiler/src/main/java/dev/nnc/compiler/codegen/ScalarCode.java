package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.ir.ScalarExpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scalar expression of x as Java: calls go to the runtime's {@code Scalar}, and a subexpression used
 * more than once is computed once into a local ({@code final float s0 = Scalar.sigmoid(x);}).
 */
final class ScalarCode {
    static final ClassName SCALAR = ClassName.get("dev.nnc.runtime.cpu", "Scalar");

    /** Locals to declare first, then the expression that uses them. */
    record Code(List<CodeBlock> locals, CodeBlock expression) {}

    private final Precision precision;
    private final String x;
    private final Map<ScalarExpr, Integer> uses = new HashMap<>();
    private final Map<ScalarExpr, String> named = new LinkedHashMap<>();
    private final List<CodeBlock> locals = new ArrayList<>();
    private final String prefix;
    private final boolean kernel;

    private ScalarCode(Precision precision, String x, String prefix, boolean kernel) {
        this.precision = precision;
        this.x = x;
        this.prefix = prefix;
        this.kernel = kernel;
    }

    /** {@code e} with x read from the local {@code x}; locals are named {@code prefix0}, {@code prefix1}, ... */
    static Code of(ScalarExpr e, Precision precision, String x, String prefix) {
        return of(e, precision, x, prefix, false);
    }

    /** As {@link #of}, calling the OpenCL kernel's own math methods instead of the runtime's {@code Scalar}. */
    static Code forKernel(ScalarExpr e, String x, String prefix) {
        return of(e, Precision.FLOAT, x, prefix, true);
    }

    private static Code of(ScalarExpr e, Precision precision, String x, String prefix, boolean kernel) {
        ScalarCode code = new ScalarCode(precision, x, prefix, kernel);
        code.count(e);
        CodeBlock expression = code.print(e, 0);
        return new Code(code.locals, expression);
    }

    private void count(ScalarExpr e) {
        if (e instanceof ScalarExpr.Const || e instanceof ScalarExpr.X) {
            return;
        }
        if (uses.merge(e, 1, Integer::sum) > 1) {
            return; // its children were counted the first time
        }
        if (e instanceof ScalarExpr.Neg n) {
            count(n.operand());
        } else if (e instanceof ScalarExpr.Binary b) {
            count(b.left());
            count(b.right());
        } else if (e instanceof ScalarExpr.Call c) {
            c.arguments().forEach(this::count);
        }
    }

    /** Java precedence: 1 additive, 2 multiplicative, 3 unary, 4 atoms. */
    private CodeBlock print(ScalarExpr e, int context) {
        String local = named.get(e);
        if (local != null) {
            return CodeBlock.of("$L", local);
        }
        if (uses.getOrDefault(e, 0) > 1) {
            CodeBlock value = printFresh(e, 0);
            String name = prefix + named.size();
            named.put(e, name);
            locals.add(CodeBlock.of("final $T $L = $L", precision.type(), name, value));
            return CodeBlock.of("$L", name);
        }
        return printFresh(e, context);
    }

    private CodeBlock printFresh(ScalarExpr e, int context) {
        if (e instanceof ScalarExpr.Const c) {
            String literal = precision.literal(c.value());
            return CodeBlock.of(c.value() < 0 && context >= 3 ? "($L)" : "$L", literal);
        }
        if (e instanceof ScalarExpr.X) {
            return CodeBlock.of("$L", x);
        }
        if (e instanceof ScalarExpr.Neg n) {
            return wrap(CodeBlock.of("-$L", print(n.operand(), 3)), 3, context);
        }
        if (e instanceof ScalarExpr.Binary b) {
            int level = b.operator() == '+' || b.operator() == '-' ? 1 : 2;
            // the right operand of - and / binds tighter, so a - (b - c) keeps its parentheses
            int right = b.operator() == '-' || b.operator() == '/' ? level + 1 : level;
            return wrap(CodeBlock.of("$L $L $L", print(b.left(), level), b.operator(), print(b.right(), right)), level, context);
        }
        ScalarExpr.Call c = (ScalarExpr.Call) e;
        CodeBlock.Builder args = CodeBlock.builder();
        for (int i = 0; i < c.arguments().size(); i++) {
            args.add(i == 0 ? "$L" : ", $L", print(c.arguments().get(i), 0));
        }
        return kernel ? CodeBlock.of("$L($L)", c.function().text(), args.build())
                : CodeBlock.of("$T.$L($L)", SCALAR, c.function().text(), args.build());
    }

    private static CodeBlock wrap(CodeBlock code, int level, int context) {
        return level < context ? CodeBlock.of("($L)", code) : code;
    }
}
