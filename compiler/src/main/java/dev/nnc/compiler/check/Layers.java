package dev.nnc.compiler.check;

import static dev.nnc.compiler.check.Arguments.Kind.BOOL;
import static dev.nnc.compiler.check.Arguments.Kind.COUNT;
import static dev.nnc.compiler.check.Arguments.Kind.INIT;
import static dev.nnc.compiler.check.Arguments.Kind.PADDING;
import static dev.nnc.compiler.check.Arguments.Kind.PAIR;
import static dev.nnc.compiler.check.Arguments.Kind.RATE;
import static dev.nnc.compiler.check.Arguments.Spec.optional;
import static dev.nnc.compiler.check.Arguments.Spec.required;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.diagnostics.Span;
import dev.nnc.compiler.ir.Init;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Parameter.Role;
import dev.nnc.compiler.ir.ScalarExpr;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.compiler.ir.Window;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies one chain step ({@code conv1: conv2d(32, kernel=5, padding=same)}) to a tensor: binds its
 * arguments, infers its output shape by LANGUAGE.md's rules and creates its parameters.
 */
final class Layers {
    private static final Map<String, List<Arguments.Spec>> SPECS = Map.of(
            "dense", List.of(required("units", COUNT), optional("init", INIT, null), optional("bias", BOOL, true)),
            "conv2d", List.of(required("filters", COUNT), required("kernel", PAIR), optional("stride", PAIR, new int[] {1, 1}),
                    optional("padding", PADDING, Arguments.Padding.VALID), optional("init", INIT, null), optional("bias", BOOL, true)),
            "maxpool", poolSpecs(),
            "avgpool", poolSpecs(),
            "flatten", List.of(),
            "dropout", List.of(required("rate", RATE)),
            "softmax", List.of(),
            "prelu", List.of(optional("init", INIT, new Init.Constant(0.25))),
            "maxout", List.of(required("k", COUNT)));
    /** Recognised, so users get a clear "not yet" rather than "unknown". */
    private static final Set<String> PLANNED = Set.of("batchnorm");
    static final Set<String> LOSS_FUNCTIONS = Set.of("softmax_cross_entropy", "sigmoid_cross_entropy", "mse", "l2");

    private final Reporter reporter;
    private final Arguments arguments;
    private final Functions functions;
    private final Set<String> unparsed;
    private final GraphBuilder graph;

    Layers(Reporter reporter, Functions functions, Set<String> unparsed, GraphBuilder graph) {
        this.reporter = reporter;
        this.arguments = new Arguments(reporter);
        this.functions = functions;
        this.unparsed = unparsed;
        this.graph = graph;
    }

    static Set<String> names() {
        Set<String> names = new HashSet<>(SPECS.keySet());
        names.addAll(PLANNED);
        return names;
    }

    static boolean isLayer(String name) {
        return SPECS.containsKey(name) || PLANNED.contains(name);
    }

    private static List<Arguments.Spec> poolSpecs() {
        return List.of(required("size", PAIR), optional("stride", PAIR, null), optional("padding", PADDING, Arguments.Padding.VALID));
    }

    /**
     * The node of {@code step} applied to node {@code input}, or {@link Scope#POISONED} after reporting.
     * {@code next} is the following step's op, which picks the default initialiser.
     */
    int apply(Expr.Step step, int input, Optional<String> next) {
        String op = step.op().text();
        Optional<List<Arguments.Spec>> specs = specsOf(step);
        if (specs.isEmpty()) {
            return Scope.POISONED;
        }
        Optional<Arguments.Bound> bound = arguments.bind(op, specs.get(), step.arguments(), step.span());
        if (bound.isEmpty() || input == Scope.POISONED) {
            return Scope.POISONED;
        }
        Arguments.Bound args = bound.get();
        Node in = graph.node(input);
        String label = step.label().map(l -> l.text()).orElse(null);
        boolean reluNext = next.filter(Activations.RELU_LIKE::contains).isPresent();
        return switch (op) {
            case "dense" -> dense(step, in, label, args, reluNext);
            case "conv2d" -> conv2d(step, in, label, args, reluNext);
            case "maxpool", "avgpool" -> pool(step, in, label, args);
            case "flatten" -> add(label, new Op.Flatten(), in, Shape.of(in.shape().size()), List.of(), step.span());
            case "dropout" -> add(label, new Op.Dropout(args.real("rate")), in, in.shape(), List.of(), step.span());
            case "softmax" -> requireFlat(step, in, "softmax")
                    ? add(label, new Op.Softmax(), in, in.shape(), List.of(), step.span()) : Scope.POISONED;
            case "prelu" -> prelu(step, in, label, args);
            case "maxout" -> maxout(step, in, label, args);
            default -> add(label, new Op.Elementwise(op, elementwise(op, args)), in, in.shape(), List.of(), step.span());
        };
    }

    private Optional<List<Arguments.Spec>> specsOf(Expr.Step step) {
        String op = step.op().text();
        if (SPECS.containsKey(op)) {
            return Optional.of(SPECS.get(op));
        }
        if (Activations.isActivation(op)) {
            return Optional.of(Activations.specs(op));
        }
        if (functions.has(op)) {
            return Optional.of(functions.specs(op));
        }
        Span at = step.op().span();
        if (PLANNED.contains(op)) {
            reporter.error(at, "`%s` is planned for a later version of nnc and not supported yet".formatted(op));
        } else if (op.equals("concat")) {
            reporter.error(at, "`concat` joins tensors; write `concat(a, b)` instead of a chain step");
        } else if (LOSS_FUNCTIONS.contains(op)) {
            reporter.error(at, "`%s` is a loss function; use it in `loss = ...`".formatted(op));
        } else if (!unparsed.contains(op) && !functions.isBroken(op)) {
            reporter.error(at, unknown(op));
        }
        return Optional.empty();
    }

    /** "unknown activation `reluu`; did you mean `relu`?", the noun following the likeliest meaning. */
    private String unknown(String op) {
        Set<String> activations = new HashSet<>(Activations.PARAMETERS.keySet());
        activations.addAll(functions.names());
        Set<String> all = new HashSet<>(activations);
        all.addAll(SPECS.keySet());
        Optional<String> guess = Suggestions.closest(op, all);
        if (guess.isEmpty()) {
            return "unknown layer or activation `%s`".formatted(op);
        }
        String noun = activations.contains(guess.get()) ? "activation" : "layer";
        return "unknown %s `%s`; did you mean `%s`?".formatted(noun, op, guess.get());
    }

    private ScalarExpr elementwise(String op, Arguments.Bound args) {
        Map<String, Double> values = new HashMap<>();
        args.values().forEach((k, v) -> values.put(k, (Double) v));
        return Activations.isActivation(op) ? Activations.definition(op, values) : functions.instantiate(op, values);
    }

    private int dense(Expr.Step step, Node in, String label, Arguments.Bound args, boolean reluNext) {
        int units = args.count("units");
        if (!requireFlat(step, in, "dense(" + units + ")") || tooLarge(step, (long) units * in.shape().size(), "the weight")) {
            return Scope.POISONED;
        }
        String name = graph.nameFor(label, "dense");
        Init init = args.init("init").orElse(reluNext ? new Init.He() : new Init.Xavier());
        List<Parameter> params = withBias(name, Shape.of(units, in.shape().size()), init, args.bool("bias"), units);
        return graph.add(name, new Op.Dense(units, args.bool("bias")), List.of(in.id()), Shape.of(units), params, step.span());
    }

    private int conv2d(Expr.Step step, Node in, String label, Arguments.Bound args, boolean reluNext) {
        if (!requireImage(step, in, "conv2d")) {
            return Scope.POISONED;
        }
        int[] kernel = args.pair("kernel");
        int[] stride = args.pair("stride");
        Optional<Window> window = slide(step, in, "kernel", "conv2d", kernel, stride, args.padding("padding"));
        int filters = args.count("filters");
        int channels = in.shape().dim(0);
        if (window.isEmpty() || tooLarge(step, (long) filters * channels * kernel[0] * kernel[1], "the weight")) {
            return Scope.POISONED;
        }
        Window w = window.get();
        Shape out = Shape.of(filters, w.outputHeight(in.shape().dim(1)), w.outputWidth(in.shape().dim(2)));
        if (tooLarge(step, (long) filters * out.dim(1) * out.dim(2), "the output")) {
            return Scope.POISONED;
        }
        String name = graph.nameFor(label, "conv2d");
        Init init = args.init("init").orElse(reluNext ? new Init.He() : new Init.Xavier());
        List<Parameter> params = withBias(name, Shape.of(filters, channels, kernel[0], kernel[1]), init, args.bool("bias"), filters);
        return graph.add(name, new Op.Conv2d(filters, w, args.bool("bias")), List.of(in.id()), out, params, step.span());
    }

    private int pool(Expr.Step step, Node in, String label, Arguments.Bound args) {
        String op = step.op().text();
        if (!requireImage(step, in, op)) {
            return Scope.POISONED;
        }
        int[] size = args.pair("size");
        int[] stride = args.has("stride") ? args.pair("stride") : size;
        Arguments.Padding padding = args.padding("padding");
        if (padding.mode() == Arguments.Padding.Mode.EXPLICIT && 2 * padding.amount() > Math.min(size[0], size[1])) {
            reporter.error(args.span("padding"), "padding %d of %s is more than half its %dx%d window"
                    .formatted(padding.amount(), op, size[0], size[1]));
            return Scope.POISONED;
        }
        Optional<Window> window = slide(step, in, "window", op, size, stride, padding);
        if (window.isEmpty()) {
            return Scope.POISONED;
        }
        Window w = window.get();
        Shape out = Shape.of(in.shape().dim(0), w.outputHeight(in.shape().dim(1)), w.outputWidth(in.shape().dim(2)));
        Op.PoolKind kind = op.equals("maxpool") ? Op.PoolKind.MAX : Op.PoolKind.AVG;
        return add(label, new Op.Pool(kind, w), in, out, List.of(), step.span());
    }

    private int prelu(Expr.Step step, Node in, String label, Arguments.Bound args) {
        String name = graph.nameFor(label, "prelu");
        Parameter slope = new Parameter(name + ".weight", Shape.of(in.shape().dim(0)), args.init("init").orElseThrow(), Role.SLOPE);
        return graph.add(name, new Op.Prelu(), List.of(in.id()), in.shape(), List.of(slope), step.span());
    }

    private int maxout(Expr.Step step, Node in, String label, Arguments.Bound args) {
        int k = args.count("k");
        if (!requireFlat(step, in, "maxout(" + k + ")")) {
            return Scope.POISONED;
        }
        int n = in.shape().dim(0);
        if (n % k != 0) {
            reporter.error(args.span("k"), "maxout(%d) needs a size divisible by %d, got [%d]".formatted(k, k, n));
            return Scope.POISONED;
        }
        return add(label, new Op.Maxout(k), in, Shape.of(n / k), List.of(), step.span());
    }

    private static List<Parameter> withBias(String name, Shape weight, Init init, boolean bias, int units) {
        Parameter w = new Parameter(name + ".weight", weight, init, Role.WEIGHT);
        return bias ? List.of(w, new Parameter(name + ".bias", Shape.of(units), new Init.Zeros(), Role.BIAS)) : List.of(w);
    }

    /** The window over {@code in}, or empty after reporting that the kernel does not fit. */
    private Optional<Window> slide(Expr.Step step, Node in, String what, String op, int[] kernel, int[] stride,
                                   Arguments.Padding padding) {
        int h = in.shape().dim(1);
        int w = in.shape().dim(2);
        Window window = ShapeRules.window(kernel[0], kernel[1], stride[0], stride[1], padding, h, w);
        if (window == null) {
            reporter.error(step.span(), "%s %dx%d of %s is larger than its %dx%d input with padding=%s"
                    .formatted(what, kernel[0], kernel[1], op, h, w, padding));
        }
        return Optional.ofNullable(window);
    }

    private boolean requireFlat(Expr.Step step, Node in, String what) {
        if (in.shape().isFlat()) {
            return true;
        }
        reporter.error(step.span(), "%s expects a flat input, got %s; add `-> flatten` before it".formatted(what, in.shape()));
        return false;
    }

    private boolean requireImage(Expr.Step step, Node in, String op) {
        if (in.shape().rank() == 3) {
            return true;
        }
        reporter.error(step.span(), "%s expects an input [channels, height, width], got %s".formatted(op, in.shape()));
        return false;
    }

    /** Java arrays hold at most 2^31 - 1 elements; so does one example's tensor. */
    private boolean tooLarge(Expr.Step step, long elements, String what) {
        if (elements <= Integer.MAX_VALUE) {
            return false;
        }
        reporter.error(step.span(), "%s of %s would have %d elements, more than nnc supports (%d)"
                .formatted(what, step.op().text(), elements, Integer.MAX_VALUE));
        return true;
    }

    private int add(String label, Op op, Node in, Shape shape, List<Parameter> params, Span span) {
        return graph.add(graph.nameFor(label, op.kind()), op, List.of(in.id()), shape, params, span);
    }
}
