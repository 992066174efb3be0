package dev.nnc.compiler.check;

import static dev.nnc.compiler.check.Arguments.Kind.COUNT;
import static dev.nnc.compiler.check.Arguments.Kind.NON_NEGATIVE;
import static dev.nnc.compiler.check.Arguments.Kind.POSITIVE_REAL;
import static dev.nnc.compiler.check.Arguments.Kind.RATE;
import static dev.nnc.compiler.check.Arguments.Kind.TEXT;
import static dev.nnc.compiler.check.Arguments.Spec.optional;
import static dev.nnc.compiler.check.Arguments.Spec.required;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.ast.Statement;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.TrainConfig;
import dev.nnc.compiler.ir.TrainConfig.Data;
import dev.nnc.compiler.ir.TrainConfig.LrDecay;
import dev.nnc.compiler.ir.TrainConfig.Optimizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The {@code train { }} block: known keys, typed values, defaults for the rest. */
final class TrainChecker {
    private static final List<String> KEYS =
            List.of("data", "optimizer", "batch", "epochs", "lr_decay", "seed", "shuffle", "validation", "early_stop");
    private static final Map<String, List<Arguments.Spec>> OPTIMIZERS = Map.of(
            "sgd", List.of(required("lr", POSITIVE_REAL)),
            "momentum", List.of(required("lr", POSITIVE_REAL), optional("beta", RATE, 0.9)),
            "adagrad", List.of(required("lr", POSITIVE_REAL), optional("eps", POSITIVE_REAL, 1e-10)),
            "adam", List.of(optional("lr", POSITIVE_REAL, 1e-3), optional("beta1", RATE, 0.9),
                    optional("beta2", RATE, 0.999), optional("eps", POSITIVE_REAL, 1e-8)));
    private static final Map<String, List<Arguments.Spec>> DECAYS = Map.of(
            "exponential", List.of(required("to", POSITIVE_REAL), optional("over", COUNT, null)),
            "step", List.of(required("every", COUNT), optional("factor", POSITIVE_REAL, 0.1)));
    private static final Map<String, List<Arguments.Spec>> DATA = Map.of(
            "idx", List.of(required("dir", TEXT)),
            "csv", List.of(required("file", TEXT), optional("target", Arguments.Kind.INTEGER, -1)));
    private static final int MNIST_PIXELS = 784;
    private static final int MNIST_CLASSES = 10;

    private final Reporter reporter;
    private final Arguments arguments;

    TrainChecker(Reporter reporter) {
        this.reporter = reporter;
        this.arguments = new Arguments(reporter);
    }

    TrainConfig check(Statement.Train block, Optional<Shape> input, Optional<Target> target) {
        TrainConfig c = TrainConfig.defaults();
        Map<String, Statement.Train.Entry> seen = new HashMap<>();
        Optional<Data> data = c.data();
        Optimizer optimizer = c.optimizer();
        int batch = c.batch();
        int epochs = c.epochs();
        Optional<LrDecay> decay = c.lrDecay();
        long seed = c.seed();
        boolean shuffle = c.shuffle();
        int validation = c.validation();
        Optional<Integer> patience = c.patience();
        for (Statement.Train.Entry entry : block.entries()) {
            String key = entry.key().text();
            if (!KEYS.contains(key)) {
                reporter.error(entry.key().span(), "unknown train setting `%s`%s".formatted(key, Suggestions.didYouMean(key, KEYS)));
                continue;
            }
            if (seen.containsKey(key)) {
                reporter.error(entry.key().span(), "`%s` is already set on line %d".formatted(key, seen.get(key).key().span().line()));
                continue;
            }
            seen.put(key, entry);
            Expr v = entry.value();
            switch (key) {
                case "data" -> data = data(v, input, target);
                case "optimizer" -> optimizer = optimizer(v).orElse(optimizer);
                case "batch" -> batch = single("batch", COUNT, v).map(Integer.class::cast).orElse(batch);
                case "epochs" -> epochs = single("epochs", COUNT, v).map(Integer.class::cast).orElse(epochs);
                case "lr_decay" -> decay = decay(v);
                case "seed" -> seed = single("seed", NON_NEGATIVE, v).map(o -> (long) (Integer) o).orElse(seed);
                case "shuffle" -> shuffle = single("shuffle", Arguments.Kind.BOOL, v).map(Boolean.class::cast).orElse(shuffle);
                case "validation" -> validation = single("validation", NON_NEGATIVE, v).map(Integer.class::cast).orElse(validation);
                default -> patience = earlyStop(v);
            }
        }
        if (patience.isPresent() && validation == 0) {
            reporter.error(seen.get("early_stop").key().span(),
                    "early_stop watches the validation loss; hold out examples with `validation = 5000`");
        }
        return new TrainConfig(data, optimizer, batch, epochs, decay, seed, shuffle, validation, patience);
    }

    private Optional<Object> single(String key, Arguments.Kind kind, Expr value) {
        return Optional.ofNullable(arguments.convert("`" + key + "`", kind, value));
    }

    /** A call such as {@code adam(lr=1e-4)}, or a bare name such as {@code adam} for all defaults. */
    private Optional<Arguments.Bound> call(String what, Map<String, List<Arguments.Spec>> choices, Expr v) {
        String name;
        List<Expr.Argument> args;
        if (v instanceof Expr.Call c) {
            name = c.callee().text();
            args = c.arguments();
        } else if (v instanceof Expr.Name n) {
            name = n.name().text();
            args = List.of();
        } else {
            reporter.error(v.span(), "expected %s (%s), got %s".formatted(what, String.join(", ", choices.keySet().stream().sorted().toList()),
                    Arguments.shown(v)));
            return Optional.empty();
        }
        if (!choices.containsKey(name)) {
            reporter.error(v.span(), "unknown %s `%s`%s".formatted(what, name, Suggestions.didYouMean(name, choices.keySet())));
            return Optional.empty();
        }
        return arguments.bind(name, choices.get(name), args, v.span());
    }

    private static String name(Expr v) {
        return v instanceof Expr.Call c ? c.callee().text() : ((Expr.Name) v).name().text();
    }

    private Optional<Optimizer> optimizer(Expr v) {
        return call("optimizer", OPTIMIZERS, v).map(b -> switch (name(v)) {
            case "sgd" -> new Optimizer.Sgd(b.real("lr"));
            case "momentum" -> new Optimizer.Momentum(b.real("lr"), b.real("beta"));
            case "adagrad" -> new Optimizer.Adagrad(b.real("lr"), b.real("eps"));
            default -> new Optimizer.Adam(b.real("lr"), b.real("beta1"), b.real("beta2"), b.real("eps"));
        });
    }

    private Optional<LrDecay> decay(Expr v) {
        return call("lr_decay", DECAYS, v).map(b -> name(v).equals("exponential")
                ? new LrDecay.Exponential(b.real("to"), b.has("over") ? Optional.of(b.count("over")) : Optional.empty())
                : new LrDecay.Step(b.count("every"), b.real("factor")));
    }

    private Optional<Integer> earlyStop(Expr v) {
        return call("early_stop", Map.of("patience", List.of(required("epochs", COUNT))), v).map(b -> b.count("epochs"));
    }

    private Optional<Data> data(Expr v, Optional<Shape> input, Optional<Target> target) {
        if (v instanceof Expr.Name n && n.name().text().equals("mnist")) {
            return mnistShaped(v, "mnist", input, target) ? Optional.of(new Data.Mnist()) : Optional.empty();
        }
        Map<String, List<Arguments.Spec>> choices = new HashMap<>(DATA);
        choices.put("mnist", List.of());
        return call("data set", choices, v).flatMap(b -> switch (name(v)) {
            case "idx" -> mnistShaped(v, "idx(...)", input, target) ? Optional.of(new Data.Idx((String) b.values().get("dir")))
                    : Optional.empty();
            case "csv" -> Optional.of(new Data.Csv((String) b.values().get("file"), (Integer) b.values().get("target")));
            default -> Optional.of(new Data.Mnist());
        });
    }

    /** MNIST gives 784 pixels and class(10) labels: a model declaring otherwise cannot train on it. */
    private boolean mnistShaped(Expr v, String what, Optional<Shape> input, Optional<Target> target) {
        if (input.isPresent() && input.get().size() != MNIST_PIXELS) {
            reporter.error(v.span(), "data = %s gives 28x28 images (784 values), but the input is %s"
                    .formatted(what, input.get()));
            return false;
        }
        if (target.isPresent() && !(target.get() instanceof Target.Classes k && k.classes() == MNIST_CLASSES)) {
            reporter.error(v.span(), "data = %s gives class(10) labels, but the target `%s` is not class(10)"
                    .formatted(what, target.get().name()));
            return false;
        }
        return true;
    }
}
