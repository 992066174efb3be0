package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.ast.Identifier;
import dev.nnc.compiler.ast.ModelDecl;
import dev.nnc.compiler.ast.Statement;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.diagnostics.Span;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.TrainConfig;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/** Checks one model: its statements in order, then what is missing and what is unused. */
final class ModelChecker {
    private final Reporter reporter;
    private final Functions functions;
    private final Set<String> unparsed;
    private final String sourceName;

    private GraphBuilder graph;
    private Scope scope;
    private Layers layers;
    private Statement.Input input;
    private Optional<Target> target = Optional.empty();
    private Statement.Target targetStatement;
    private Statement.Loss lossStatement;
    private Optional<Loss> loss = Optional.empty();
    private Statement.Train trainStatement;
    private TrainConfig train = TrainConfig.defaults();

    ModelChecker(Reporter reporter, Functions functions, Set<String> unparsed, String sourceName) {
        this.reporter = reporter;
        this.functions = functions;
        this.unparsed = unparsed;
        this.sourceName = sourceName;
    }

    Optional<Graph> check(ModelDecl model) {
        int errorsBefore = reporter.errorCount();
        Map<String, Span> declared = declarations(model);
        graph = new GraphBuilder(declared.keySet());
        scope = new Scope(reporter, functions, unparsed, declared);
        layers = new Layers(reporter, functions, unparsed, graph);
        for (Statement s : model.statements()) {
            statement(s);
        }
        requirePresent(model.name(), input, "an input", "input x: [784]");
        requirePresent(model.name(), targetStatement, "a target", "target label: class(10)");
        requirePresent(model.name(), lossStatement, "a loss", "loss = softmax_cross_entropy(logits, label)");
        if (reporter.errorCount() > errorsBefore || loss.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        warnUnused(model);
        Map<String, Integer> tensors = new LinkedHashMap<>(scope.tensors());
        return Optional.of(new Graph(model.name().text(), sourceName, model.name().span(), graph.nodes(), target.get(),
                loss.get(), train, tensors));
    }

    private void statement(Statement s) {
        if (s instanceof Statement.Input in) {
            input(in);
        } else if (s instanceof Statement.Target t) {
            target(t);
        } else if (s instanceof Statement.Binding b) {
            scope.define(b.name().text(), tensor(b.value()));
        } else if (s instanceof Statement.Loss l && once(lossStatement, l, "a loss")) {
            lossStatement = l;
            loss = new LossChecker(reporter, scope, graph, target).check(l.value());
        } else if (s instanceof Statement.Train t && once(trainStatement, t, "a train block")) {
            trainStatement = t;
            Optional<Shape> inputShape = graph.size() > 0 ? Optional.of(graph.node(0).shape()) : Optional.empty();
            train = new TrainChecker(reporter).check(t, inputShape, target);
        }
    }

    private boolean once(Statement first, Statement again, String what) {
        if (first == null) {
            return true;
        }
        reporter.error(again.span(), "this model already has %s, on line %d".formatted(what, first.span().line()));
        return false;
    }

    private void input(Statement.Input in) {
        if (!once(input, in, "an input")) {
            return;
        }
        input = in;
        Optional<Shape> shape = shape(in.shape());
        if (shape.isEmpty()) {
            scope.define(in.name().text(), Scope.POISONED);
            return;
        }
        int id = graph.add(in.name().text(), new Op.Input(), List.of(), shape.get(), List.of(), in.name().span());
        scope.define(in.name().text(), id);
    }

    private void target(Statement.Target t) {
        if (!once(targetStatement, t, "a target")) {
            return;
        }
        targetStatement = t;
        scope.defineTarget(t.name().text());
        String name = t.name().text();
        if (t.type() instanceof Statement.TargetType.Tensor tensor) {
            target = shape(tensor.shape()).map(s -> new Target.Values(name, s));
            return;
        }
        Statement.TargetType.ClassCount c = (Statement.TargetType.ClassCount) t.type();
        if (!c.kind().text().equals("class")) {
            reporter.error(c.kind().span(), "expected `class(K)` or a shape such as `[1]`, got `%s(...)`%s"
                    .formatted(c.kind().text(), Suggestions.didYouMean(c.kind().text(), List.of("class"))));
            return;
        }
        double k = c.count().value();
        if (k != Math.rint(k) || k < 2 || k > Integer.MAX_VALUE) {
            reporter.error(c.count().span(), "the number of classes must be an integer of at least 2, got `%s`"
                    .formatted(c.count().text()));
            return;
        }
        target = Optional.of(new Target.Classes(name, (int) k));
    }

    /** A declared shape: positive integer sizes whose product fits an int. */
    private Optional<Shape> shape(Statement.ShapeLiteral literal) {
        List<Integer> dims = new ArrayList<>();
        long size = 1;
        for (Expr.Number n : literal.dims()) {
            double v = n.value();
            if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
                reporter.error(n.span(), "a size must be a positive integer, got `%s`".formatted(n.text()));
                return Optional.empty();
            }
            dims.add((int) v);
            size = Math.min(size * (long) v, Long.MAX_VALUE / Integer.MAX_VALUE);
        }
        if (size > Integer.MAX_VALUE) {
            reporter.error(literal.span(), "shape %s has more elements than nnc supports (%d)".formatted(dims, Integer.MAX_VALUE));
            return Optional.empty();
        }
        return Optional.of(new Shape(dims));
    }

    /** The node computing a tensor expression, or {@link Scope#POISONED}. */
    private int tensor(Expr e) {
        if (e instanceof Expr.Name n) {
            return scope.tensor(n.name());
        }
        if (e instanceof Expr.Chain c) {
            return chain(c);
        }
        if (e instanceof Expr.Binary b) {
            return binary(b);
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        reporter.error(e.span(), "expected a tensor, got %s".formatted(Arguments.shown(e)));
        return Scope.POISONED;
    }

    private int chain(Expr.Chain c) {
        int current = tensor(c.head());
        List<Expr.Step> steps = c.steps();
        for (int i = 0; i < steps.size(); i++) {
            Expr.Step step = steps.get(i);
            Optional<String> next = i + 1 < steps.size() ? Optional.of(steps.get(i + 1).op().text()) : Optional.empty();
            current = layers.apply(step, current, next);
            if (step.label().isPresent()) {
                scope.define(step.label().get().text(), current);
            }
        }
        return current;
    }

    private int binary(Expr.Binary b) {
        if (b.operator() != '+') {
            reporter.error(b.span(), "tensors combine with `+` and `concat(...)` only; `%c` is not defined on tensors"
                    .formatted(b.operator()));
            return Scope.POISONED;
        }
        OptionalDouble constant = Constants.evaluate(b.left()).isPresent() ? Constants.evaluate(b.left()) : Constants.evaluate(b.right());
        if (constant.isPresent()) {
            reporter.error(b.span(), "`+` adds two tensors of one shape; a number cannot be added to a tensor");
            return Scope.POISONED;
        }
        int left = tensor(b.left());
        int right = tensor(b.right());
        if (left == Scope.POISONED || right == Scope.POISONED) {
            return Scope.POISONED;
        }
        Shape a = graph.node(left).shape();
        Shape c = graph.node(right).shape();
        if (!a.equals(c)) {
            reporter.error(b.span(), "`+` needs tensors of one shape, got %s and %s".formatted(a, c));
            return Scope.POISONED;
        }
        return graph.add(graph.nameFor(null, "add"), new Op.Add(), List.of(left, right), a, List.of(), b.span());
    }

    private int call(Expr.Call c) {
        String name = c.callee().text();
        if (!name.equals("concat")) {
            if (Layers.isLayer(name) || Activations.isActivation(name) || functions.has(name)) {
                reporter.error(c.span(), "`%s` needs an input: apply it with `->`, e.g. `x -> %s(...)`".formatted(name, name));
            } else if (Layers.LOSS_FUNCTIONS.contains(name)) {
                reporter.error(c.span(), "`%s` is a loss function; use it in `loss = ...`".formatted(name));
            } else if (!unparsed.contains(name) && !functions.isBroken(name)) {
                reporter.error(c.span(), "unknown function `%s`%s".formatted(name, Suggestions.didYouMean(name, List.of("concat"))));
            }
            return Scope.POISONED;
        }
        if (c.arguments().size() < 2 || c.arguments().stream().anyMatch(a -> a.name().isPresent())) {
            reporter.error(c.span(), "concat takes two or more tensors, e.g. `concat(a, b)`");
            return Scope.POISONED;
        }
        List<Integer> inputs = new ArrayList<>();
        for (Expr.Argument a : c.arguments()) {
            inputs.add(tensor(a.value()));
        }
        if (inputs.contains(Scope.POISONED)) {
            return Scope.POISONED;
        }
        Shape first = graph.node(inputs.get(0)).shape();
        int channels = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Shape s = graph.node(inputs.get(i)).shape();
            if (s.rank() != first.rank() || !s.dims().subList(1, s.rank()).equals(first.dims().subList(1, first.rank()))) {
                reporter.error(c.arguments().get(i).span(), "concat joins along channels, so the other sizes must agree: %s and %s"
                        .formatted(first, s));
                return Scope.POISONED;
            }
            channels += s.dim(0);
        }
        List<Integer> dims = new ArrayList<>(first.dims());
        dims.set(0, channels);
        return graph.add(graph.nameFor(null, "concat"), new Op.Concat(), inputs, new Shape(dims), List.of(), c.span());
    }

    /** Every name the model declares, in a first pass, so duplicates and uses before definition are told apart. */
    private Map<String, Span> declarations(ModelDecl model) {
        Map<String, Span> declared = new LinkedHashMap<>();
        for (Statement s : model.statements()) {
            if (s instanceof Statement.Input in) {
                declare(declared, in.name());
            } else if (s instanceof Statement.Target t) {
                declare(declared, t.name());
            } else if (s instanceof Statement.Binding b) {
                labels(b.value(), declared);
                declare(declared, b.name());
            } else if (s instanceof Statement.Loss l) {
                labels(l.value(), declared);
            }
        }
        return declared;
    }

    private void labels(Expr e, Map<String, Span> declared) {
        if (e instanceof Expr.Chain c) {
            labels(c.head(), declared);
            c.steps().forEach(step -> step.label().ifPresent(label -> declare(declared, label)));
        } else if (e instanceof Expr.Binary b) {
            labels(b.left(), declared);
            labels(b.right(), declared);
        } else if (e instanceof Expr.Call c) {
            c.arguments().forEach(a -> labels(a.value(), declared));
        }
    }

    private void declare(Map<String, Span> declared, Identifier name) {
        Span first = declared.putIfAbsent(name.text(), name.span());
        if (first != null) {
            reporter.error(name.span(), "`%s` is already defined on line %d".formatted(name.text(), first.line()));
        }
    }

    private void requirePresent(Identifier model, Statement statement, String what, String example) {
        if (statement == null) {
            reporter.error(model.span(), "model `%s` has no %s; declare one, e.g. `%s`"
                    .formatted(model.text(), what.substring(what.indexOf(' ') + 1), example));
        }
    }

    /** Warns about tensors the loss does not depend on: likely a mistake, and dead weight in generated code. */
    private void warnUnused(ModelDecl model) {
        List<Node> nodes = graph.nodes();
        BitSet used = new BitSet(nodes.size());
        List<Integer> roots = new ArrayList<>();
        lossNodes(loss.get(), roots);
        roots.forEach(used::set);
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (used.get(i)) {
                nodes.get(i).inputs().forEach(used::set);
            }
        }
        boolean targetUsed = usesTarget(loss.get());
        for (Statement s : model.statements()) {
            if (s instanceof Statement.Binding b) {
                Integer id = scope.tensors().get(b.name().text());
                if (id != null && id != Scope.POISONED && !used.get(id)) {
                    reporter.warning(b.name().span(), "`%s` is never used by the loss".formatted(b.name().text()));
                }
            } else if (s instanceof Statement.Input in && !used.get(0)) {
                reporter.warning(in.name().span(), "the loss does not depend on the input `%s`".formatted(in.name().text()));
            } else if (s instanceof Statement.Target t && !targetUsed) {
                reporter.warning(t.name().span(), "the target `%s` is never used by the loss".formatted(t.name().text()));
            }
        }
    }

    private static void lossNodes(Loss loss, List<Integer> out) {
        if (loss instanceof Loss.Neg n) {
            lossNodes(n.operand(), out);
        } else if (loss instanceof Loss.Binary b) {
            lossNodes(b.left(), out);
            lossNodes(b.right(), out);
        } else if (loss instanceof Loss.SoftmaxCrossEntropy s) {
            out.add(s.logits());
        } else if (loss instanceof Loss.SigmoidCrossEntropy s) {
            out.add(s.logits());
        } else if (loss instanceof Loss.MeanSquaredError m) {
            out.add(m.prediction());
        }
    }

    private static boolean usesTarget(Loss loss) {
        if (loss instanceof Loss.Neg n) {
            return usesTarget(n.operand());
        }
        if (loss instanceof Loss.Binary b) {
            return usesTarget(b.left()) || usesTarget(b.right());
        }
        return loss instanceof Loss.SoftmaxCrossEntropy || loss instanceof Loss.SigmoidCrossEntropy
                || loss instanceof Loss.MeanSquaredError;
    }
}
