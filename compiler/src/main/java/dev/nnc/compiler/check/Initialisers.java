package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.ir.Init;
import java.util.List;
import java.util.Map;

/** {@code init=} values: {@code he}, {@code xavier}, {@code zeros}, {@code uniform(-1, 1)}, ... */
final class Initialisers {
    private static final Map<String, List<Arguments.Spec>> CALLS = Map.of(
            "constant", List.of(Arguments.Spec.required("value", Arguments.Kind.REAL)),
            "uniform", List.of(Arguments.Spec.required("low", Arguments.Kind.REAL),
                    Arguments.Spec.required("high", Arguments.Kind.REAL)),
            "normal", List.of(Arguments.Spec.optional("mean", Arguments.Kind.REAL, 0.0),
                    Arguments.Spec.optional("std", Arguments.Kind.POSITIVE_REAL, 1.0)),
            "truncated_normal", List.of(Arguments.Spec.optional("std", Arguments.Kind.POSITIVE_REAL, 1.0)));
    private static final List<String> NAMES = List.of("zeros", "xavier", "he", "constant", "uniform", "normal", "truncated_normal");

    private final Reporter reporter;
    private final Arguments arguments;

    Initialisers(Reporter reporter, Arguments arguments) {
        this.reporter = reporter;
        this.arguments = arguments;
    }

    /** The initialiser, or null after reporting. */
    Init parse(Expr value) {
        if (value instanceof Expr.Name name) {
            return switch (name.name().text()) {
                case "zeros" -> new Init.Zeros();
                case "xavier" -> new Init.Xavier();
                case "he" -> new Init.He();
                default -> unknown(name.name().text(), value);
            };
        }
        if (!(value instanceof Expr.Call call)) {
            return unknown(null, value);
        }
        String name = call.callee().text();
        List<Arguments.Spec> specs = CALLS.get(name);
        if (specs == null) {
            return unknown(name, value);
        }
        var bound = arguments.bind("`" + name + "`", specs, call.arguments(), call.span());
        if (bound.isEmpty()) {
            return null;
        }
        var b = bound.get();
        return switch (name) {
            case "constant" -> new Init.Constant(b.real("value"));
            case "uniform" -> {
                if (b.real("low") >= b.real("high")) {
                    reporter.error(call.span(), "uniform(low, high) needs low < high, got %s and %s"
                            .formatted(Constants.format(b.real("low")), Constants.format(b.real("high"))));
                    yield null;
                }
                yield new Init.Uniform(b.real("low"), b.real("high"));
            }
            case "normal" -> new Init.Normal(b.real("mean"), b.real("std"));
            default -> new Init.TruncatedNormal(b.real("std"));
        };
    }

    private Init unknown(String name, Expr value) {
        if (name == null) {
            reporter.error(value.span(), "expected an initialiser (%s), got %s"
                    .formatted(String.join(", ", NAMES), Arguments.shown(value)));
        } else {
            reporter.error(value.span(), "unknown initialiser `%s`%s".formatted(name, Suggestions.didYouMean(name, NAMES)));
        }
        return null;
    }
}
