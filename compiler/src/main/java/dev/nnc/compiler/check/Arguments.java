package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.ast.Identifier;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.diagnostics.Span;
import dev.nnc.compiler.ir.Init;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Binds the arguments of a call ({@code conv2d(32, kernel=5, padding=same)}) to a list of
 * {@link Spec}s, positional ones first, and converts each value to its kind. Every mistake is
 * reported at the argument it concerns.
 */
final class Arguments {

    enum Kind { COUNT, NON_NEGATIVE, INTEGER, REAL, POSITIVE_REAL, RATE, PAIR, PADDING, BOOL, INIT, TEXT }

    /** One parameter of a call; {@code defaultValue} null and {@code required} false: no value unless given. */
    record Spec(String name, Kind kind, Object defaultValue, boolean required) {
        static Spec required(String name, Kind kind) {
            return new Spec(name, kind, null, true);
        }

        static Spec optional(String name, Kind kind, Object defaultValue) {
            return new Spec(name, kind, defaultValue, false);
        }
    }

    /** {@code same}, {@code valid} or an explicit amount on every side. */
    record Padding(Mode mode, int amount) {
        enum Mode { SAME, VALID, EXPLICIT }

        static final Padding SAME = new Padding(Mode.SAME, 0);
        static final Padding VALID = new Padding(Mode.VALID, 0);

        @Override
        public String toString() {
            return mode == Mode.EXPLICIT ? String.valueOf(amount) : mode.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The converted values of a successful binding, with where each was written. */
    record Bound(Map<String, Object> values, Map<String, Span> spans, Span call) {
        int count(String name) {
            return (Integer) values.get(name);
        }

        double real(String name) {
            return (Double) values.get(name);
        }

        int[] pair(String name) {
            return (int[]) values.get(name);
        }

        Padding padding(String name) {
            return (Padding) values.get(name);
        }

        boolean bool(String name) {
            return (Boolean) values.get(name);
        }

        Optional<Init> init(String name) {
            return Optional.ofNullable((Init) values.get(name));
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        Span span(String name) {
            return spans.getOrDefault(name, call);
        }
    }

    private final Reporter reporter;

    Arguments(Reporter reporter) {
        this.reporter = reporter;
    }

    /** Binds or reports; empty when anything was wrong. {@code what} names the call in messages. */
    Optional<Bound> bind(String what, List<Spec> specs, List<Expr.Argument> arguments, Span call) {
        Map<String, Expr> given = new LinkedHashMap<>();
        Map<String, Span> spans = new HashMap<>();
        boolean ok = true;
        boolean named = false;
        boolean misnamed = false;
        int position = 0;
        for (Expr.Argument argument : arguments) {
            String name;
            if (argument.name().isPresent()) {
                named = true;
                Identifier id = argument.name().get();
                name = id.text();
                if (specs.stream().noneMatch(s -> s.name().equals(name))) {
                    reporter.error(id.span(), "%s has no argument `%s`%s".formatted(what, name,
                            Suggestions.didYouMean(name, specs.stream().map(Spec::name).toList())));
                    ok = false;
                    misnamed = true;
                    continue;
                }
            } else if (named) {
                reporter.error(argument.span(), "positional argument after a named one in %s".formatted(what));
                ok = false;
                misnamed = true;
                continue;
            } else if (position >= specs.size()) {
                reporter.error(argument.span(), "%s takes %s, got %d".formatted(what, count(specs.size()), arguments.size()));
                ok = false;
                break;
            } else {
                name = specs.get(position++).name();
            }
            if (given.containsKey(name)) {
                reporter.error(argument.span(), "argument `%s` of %s is given twice".formatted(name, what));
                ok = false;
                continue;
            }
            given.put(name, argument.value());
            spans.put(name, argument.value().span());
        }

        Map<String, Object> values = new HashMap<>();
        for (Spec spec : specs) {
            Expr value = given.get(spec.name());
            if (value == null) {
                if (spec.required()) {
                    if (!misnamed) {
                        reporter.error(call, "%s needs a value for `%s`".formatted(what, spec.name()));
                    }
                    ok = false;
                } else if (spec.defaultValue() != null) {
                    values.put(spec.name(), spec.defaultValue());
                }
                continue;
            }
            Object converted = convert(what, spec, value);
            if (converted == null) {
                ok = false;
            } else {
                values.put(spec.name(), converted);
            }
        }
        return ok ? Optional.of(new Bound(values, spans, call)) : Optional.empty();
    }

    private static String count(int n) {
        return n == 0 ? "no arguments" : n == 1 ? "1 argument" : "at most " + n + " arguments";
    }

    private Object convert(String what, Spec spec, Expr value) {
        return convert("`%s` of %s".formatted(spec.name(), what), spec.kind(), value);
    }

    /** The value in its kind's Java type, or null after reporting why not; {@code where} names it in messages. */
    Object convert(String where, Kind kind, Expr value) {
        if (value instanceof Expr.Number n && Double.isInfinite(n.value())) {
            return null; // reported by the parser as too large
        }
        return switch (kind) {
            case COUNT -> integer(where, value, 1, "a positive integer");
            case NON_NEGATIVE -> integer(where, value, 0, "a non-negative integer");
            case INTEGER -> integer(where, value, Integer.MIN_VALUE, "an integer");
            case REAL -> real(where, value, Double.NEGATIVE_INFINITY, "a number");
            case POSITIVE_REAL -> real(where, value, Double.MIN_VALUE, "a positive number");
            case RATE -> rate(where, value);
            case PAIR -> pair(where, value);
            case PADDING -> padding(where, value);
            case BOOL -> bool(where, value);
            case INIT -> new Initialisers(reporter, this).parse(value);
            case TEXT -> text(where, value);
        };
    }

    private Integer integer(String where, Expr value, int min, String expected) {
        OptionalDouble v = Constants.evaluate(value);
        if (v.isEmpty() || v.getAsDouble() != Math.rint(v.getAsDouble()) || v.getAsDouble() < min
                || v.getAsDouble() > Integer.MAX_VALUE) {
            reporter.error(value.span(), "%s must be %s, got %s".formatted(where, expected, shown(value)));
            return null;
        }
        return (int) v.getAsDouble();
    }

    private Double real(String where, Expr value, double min, String expected) {
        OptionalDouble v = Constants.evaluate(value);
        if (v.isEmpty() || v.getAsDouble() < min) {
            reporter.error(value.span(), "%s must be %s, got %s".formatted(where, expected, shown(value)));
            return null;
        }
        return v.getAsDouble();
    }

    private Double rate(String where, Expr value) {
        OptionalDouble v = Constants.evaluate(value);
        if (v.isEmpty() || v.getAsDouble() < 0 || v.getAsDouble() >= 1) {
            reporter.error(value.span(), "%s must be at least 0 and below 1, got %s".formatted(where, shown(value)));
            return null;
        }
        return v.getAsDouble();
    }

    /** {@code 5} means 5x5; {@code [5, 3]} is height 5, width 3. */
    private int[] pair(String where, Expr value) {
        if (value instanceof Expr.ListOf list) {
            if (list.items().size() != 2) {
                reporter.error(value.span(), "%s must be one size or [height, width], got %d sizes"
                        .formatted(where, list.items().size()));
                return null;
            }
            Integer h = integer(where, list.items().get(0), 1, "a positive integer");
            Integer w = integer(where, list.items().get(1), 1, "a positive integer");
            return h == null || w == null ? null : new int[] {h, w};
        }
        Integer n = integer(where, value, 1, "a positive integer or [height, width]");
        return n == null ? null : new int[] {n, n};
    }

    private Padding padding(String where, Expr value) {
        if (value instanceof Expr.Name name) {
            switch (name.name().text()) {
                case "same" -> {
                    return Padding.SAME;
                }
                case "valid" -> {
                    return Padding.VALID;
                }
                default -> {
                    reporter.error(value.span(), "%s must be `same`, `valid` or a number of cells, got `%s`%s".formatted(
                            where, name.name().text(), Suggestions.didYouMean(name.name().text(), List.of("same", "valid"))));
                    return null;
                }
            }
        }
        Integer amount = integer(where, value, 0, "`same`, `valid` or a non-negative integer");
        return amount == null ? null : new Padding(Padding.Mode.EXPLICIT, amount);
    }

    private Boolean bool(String where, Expr value) {
        if (value instanceof Expr.Name name && (name.name().text().equals("true") || name.name().text().equals("false"))) {
            return name.name().text().equals("true");
        }
        reporter.error(value.span(), "%s must be `true` or `false`, got %s".formatted(where, shown(value)));
        return null;
    }

    private String text(String where, Expr value) {
        if (value instanceof Expr.Text text) {
            return text.value();
        }
        reporter.error(value.span(), "%s must be a string in double quotes, got %s".formatted(where, shown(value)));
        return null;
    }

    /** The offending value as it reads in a message. */
    static String shown(Expr value) {
        if (value instanceof Expr.Number n) {
            return "`" + n.text() + "`";
        }
        if (value instanceof Expr.Name n) {
            return "`" + n.name().text() + "`";
        }
        if (value instanceof Expr.Text t) {
            return "\"" + t.value() + "\"";
        }
        if (value instanceof Expr.ListOf) {
            return "a list";
        }
        if (value instanceof Expr.Call c) {
            return "`" + c.callee().text() + "(...)`";
        }
        OptionalDouble v = Constants.evaluate(value);
        return v.isPresent() ? "`" + Constants.format(v.getAsDouble()) + "`" : "an expression";
    }
}
