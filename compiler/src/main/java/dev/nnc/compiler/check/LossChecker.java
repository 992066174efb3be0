package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.compiler.ir.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code loss = softmax_cross_entropy(logits, label) + 5e-4 * l2(conv1, fc1)}: a scalar over the batch. */
final class LossChecker {
    private static final List<String> FUNCTIONS = List.of("softmax_cross_entropy", "sigmoid_cross_entropy", "mse", "l2");

    private final Reporter reporter;
    private final Scope scope;
    private final GraphBuilder graph;
    private final Optional<Target> target;

    LossChecker(Reporter reporter, Scope scope, GraphBuilder graph, Optional<Target> target) {
        this.reporter = reporter;
        this.scope = scope;
        this.graph = graph;
        this.target = target;
    }

    /** The loss, or empty after reporting. */
    Optional<Loss> check(Expr e) {
        int before = reporter.errorCount();
        Loss loss = convert(e);
        return reporter.errorCount() == before && loss != null ? Optional.of(loss) : Optional.empty();
    }

    private Loss convert(Expr e) {
        if (e instanceof Expr.Number n) {
            return new Loss.Const(n.value());
        }
        if (e instanceof Expr.Unary u) {
            Loss operand = convert(u.operand());
            return operand == null ? null : u.operator() == '-' ? new Loss.Neg(operand) : operand;
        }
        if (e instanceof Expr.Binary b) {
            Loss left = convert(b.left());
            Loss right = convert(b.right());
            return left == null || right == null ? null : new Loss.Binary(b.operator(), left, right);
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        if (e instanceof Expr.Name n) {
            String name = n.name().text();
            if (scope.isTarget(name)) {
                reporter.error(n.span(), "the target `%s` is not a number; use it in a loss function such as `mse(pred, %s)`"
                        .formatted(name, name));
            } else {
                int id = scope.tensor(n.name());
                if (id != Scope.POISONED) {
                    reporter.error(n.span(), "`%s` is a tensor %s, not a number; the loss combines loss functions such as `mse(%s, y)`"
                            .formatted(name, graph.node(id).shape(), name));
                }
            }
            return null;
        }
        if (e instanceof Expr.Chain c) {
            reporter.error(c.steps().get(0).span(), "the loss cannot contain a `->` chain; bind the chain to a name first");
            return null;
        }
        reporter.error(e.span(), "expected a number or a loss function, got %s".formatted(Arguments.shown(e)));
        return null;
    }

    private Loss call(Expr.Call c) {
        String name = c.callee().text();
        if (name.equals("l2")) {
            return l2(c);
        }
        if (!FUNCTIONS.contains(name)) {
            reporter.error(c.callee().span(), "unknown loss function `%s`%s".formatted(name, Suggestions.didYouMean(name, FUNCTIONS)));
            return null;
        }
        if (c.arguments().size() != 2 || c.arguments().stream().anyMatch(a -> a.name().isPresent())) {
            reporter.error(c.callee().span(), "%s takes two arguments: a tensor of the model and the target, e.g. `%s(out, %s)`"
                    .formatted(name, name, target.map(Target::name).orElse("label")));
            return null;
        }
        Node prediction = tensorArgument(c.arguments().get(0).value());
        Target against = targetArgument(name, c.arguments().get(1).value());
        if (prediction == null || against == null) {
            return null;
        }
        Shape shape = prediction.shape();
        String predictionName = ((Expr.Name) c.arguments().get(0).value()).name().text();
        switch (name) {
            case "softmax_cross_entropy" -> {
                if (!shape.isFlat()) {
                    return mismatch(c, "softmax_cross_entropy expects flat logits, got `%s` %s; add `-> flatten`"
                            .formatted(predictionName, shape));
                }
                if (against instanceof Target.Classes k && k.classes() != shape.dim(0)) {
                    return mismatch(c, "`%s` has %d logits but the target `%s` has %d classes"
                            .formatted(predictionName, shape.dim(0), k.name(), k.classes()));
                }
                if (against instanceof Target.Values v && !v.shape().equals(shape)) {
                    return mismatch(c, "`%s` is %s but the target `%s` is %s".formatted(predictionName, shape, v.name(), v.shape()));
                }
                warnIfAlreadySoftmax(c, prediction, predictionName);
                return new Loss.SoftmaxCrossEntropy(prediction.id(), against);
            }
            case "sigmoid_cross_entropy" -> {
                boolean binaryLabels = against instanceof Target.Classes k && k.classes() == 2 && shape.equals(Shape.of(1));
                if (!binaryLabels && !(against instanceof Target.Values v && v.shape().equals(shape))) {
                    return mismatch(c, "sigmoid_cross_entropy needs a target of the shape of `%s` %s (or class(2) for [1]), got %s"
                            .formatted(predictionName, shape, describe(against)));
                }
                return new Loss.SigmoidCrossEntropy(prediction.id(), against);
            }
            default -> {
                if (!(against instanceof Target.Values v && v.shape().equals(shape))) {
                    return mismatch(c, "mse needs a target of the shape of `%s` %s, got %s"
                            .formatted(predictionName, shape, describe(against)));
                }
                return new Loss.MeanSquaredError(prediction.id(), against);
            }
        }
    }

    private void warnIfAlreadySoftmax(Expr.Call c, Node logits, String name) {
        if (logits.op() instanceof dev.nnc.compiler.ir.Op.Softmax) {
            reporter.warning(c.arguments().get(0).value().span(), ("`%s` already went through softmax, and "
                    + "softmax_cross_entropy applies it again; pass the logits from before the softmax").formatted(name));
        }
    }

    private static String describe(Target t) {
        return t instanceof Target.Classes k ? "`%s` class(%d)".formatted(k.name(), k.classes())
                : "`%s` %s".formatted(t.name(), ((Target.Values) t).shape());
    }

    private Loss mismatch(Expr.Call c, String message) {
        reporter.error(c.callee().span(), message);
        return null;
    }

    private Node tensorArgument(Expr e) {
        if (e instanceof Expr.Name n && !scope.isTarget(n.name().text())) {
            int id = scope.tensor(n.name());
            return id == Scope.POISONED ? null : graph.node(id);
        }
        reporter.error(e.span(), e instanceof Expr.Name n
                ? "the first argument must be a tensor of the model, and `%s` is the target".formatted(n.name().text())
                : "expected the name of a tensor of the model");
        return null;
    }

    private Target targetArgument(String function, Expr e) {
        if (e instanceof Expr.Name n && scope.isTarget(n.name().text())) {
            return target.orElse(null);
        }
        reporter.error(e.span(), "the second argument of %s must be the model's target%s".formatted(function,
                target.map(t -> " `" + t.name() + "`").orElse("")));
        return null;
    }

    /** {@code l2(fc1, conv1)}: the weights of those layers; {@code l2()}: every weight of the model. */
    private Loss l2(Expr.Call c) {
        List<String> weights = new ArrayList<>();
        if (c.arguments().isEmpty()) {
            graph.nodes().forEach(n -> n.params().stream().filter(p -> p.role() == Parameter.Role.WEIGHT)
                    .forEach(p -> weights.add(p.name())));
            return new Loss.L2(weights);
        }
        boolean ok = true;
        for (Expr.Argument a : c.arguments()) {
            if (!(a.value() instanceof Expr.Name n) || a.name().isPresent()) {
                reporter.error(a.span(), "l2 takes names of layers with weights, e.g. `l2(fc1, fc2)`");
                ok = false;
                continue;
            }
            Integer bound = scope.tensors().get(n.name().text());
            if (bound != null && bound == Scope.POISONED) {
                ok = false;
                continue;
            }
            Optional<Node> layer = bound != null ? Optional.of(graph.node(bound))
                    : graph.nodes().stream().filter(node -> node.name().equals(n.name().text())).findFirst();
            if (layer.isEmpty()) {
                List<String> candidates = graph.nodes().stream()
                        .filter(node -> node.params().stream().anyMatch(p -> p.role() == Parameter.Role.WEIGHT))
                        .map(Node::name).toList();
                reporter.error(n.span(), "unknown layer `%s`%s".formatted(n.name().text(),
                        Suggestions.didYouMean(n.name().text(), candidates)));
                ok = false;
                continue;
            }
            List<String> own = layer.get().params().stream().filter(p -> p.role() == Parameter.Role.WEIGHT)
                    .map(Parameter::name).toList();
            if (own.isEmpty()) {
                reporter.error(n.span(), "`%s` is a %s layer and has no weights for l2 to regularise"
                        .formatted(n.name().text(), layer.get().op().kind()));
                ok = false;
            }
            weights.addAll(own);
        }
        return ok ? new Loss.L2(weights) : null;
    }
}
