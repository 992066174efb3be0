package dev.nnc.compiler.check;

import dev.nnc.compiler.ir.ScalarExpr;
import dev.nnc.compiler.ir.ScalarExpr.Builtin;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in element-wise activations, each defined as a scalar function of x, so they are
 * differentiated by the same rules as user functions. {@code elu} and {@code leaky_relu} are written
 * so that they are exact for any alpha and never evaluate exp of a large positive number.
 */
final class Activations {
    private static final ScalarExpr X = new ScalarExpr.X();

    /** The activations whose layers get He initialisation when they follow a dense or conv2d layer. */
    static final Set<String> RELU_LIKE = Set.of("relu", "relu6", "elu", "leaky_relu", "prelu");

    /** Each activation's optional parameters: name and default. */
    static final Map<String, Map<String, Double>> PARAMETERS = Map.of(
            "relu", Map.of(), "sigmoid", Map.of(), "tanh", Map.of(), "identity", Map.of(), "relu6", Map.of(),
            "elu", Map.of("alpha", 1.0), "leaky_relu", Map.of("alpha", 0.01));

    private Activations() {}

    static boolean isActivation(String name) {
        return PARAMETERS.containsKey(name);
    }

    static List<Arguments.Spec> specs(String name) {
        return PARAMETERS.get(name).entrySet().stream()
                .map(e -> Arguments.Spec.optional(e.getKey(), Arguments.Kind.REAL, e.getValue()))
                .toList();
    }

    static ScalarExpr definition(String name, Map<String, Double> arguments) {
        return switch (name) {
            case "relu" -> call(Builtin.RELU, X);
            case "sigmoid" -> call(Builtin.SIGMOID, X);
            case "tanh" -> call(Builtin.TANH, X);
            case "identity" -> X;
            case "relu6" -> call(Builtin.MIN, call(Builtin.RELU, X), c(6));
            case "elu" -> plus(call(Builtin.RELU, X), times(c(arguments.get("alpha")),
                    minus(call(Builtin.EXP, call(Builtin.MIN, X, c(0))), c(1))));
            case "leaky_relu" -> plus(call(Builtin.RELU, X), times(c(arguments.get("alpha")), call(Builtin.MIN, X, c(0))));
            default -> throw new IllegalArgumentException("no activation " + name);
        };
    }

    private static ScalarExpr call(Builtin f, ScalarExpr... args) {
        return new ScalarExpr.Call(f, List.of(args));
    }

    private static ScalarExpr c(double v) {
        return new ScalarExpr.Const(v);
    }

    private static ScalarExpr plus(ScalarExpr a, ScalarExpr b) {
        return new ScalarExpr.Binary('+', a, b);
    }

    private static ScalarExpr minus(ScalarExpr a, ScalarExpr b) {
        return new ScalarExpr.Binary('-', a, b);
    }

    private static ScalarExpr times(ScalarExpr a, ScalarExpr b) {
        return new ScalarExpr.Binary('*', a, b);
    }
}
