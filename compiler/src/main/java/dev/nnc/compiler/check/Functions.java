package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.ast.FnDecl;
import dev.nnc.compiler.ast.Identifier;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.ir.ScalarExpr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The user functions of a file ({@code fn swish(x) = x * sigmoid(x)}): checked once, then inlined
 * into {@link ScalarExpr}s of x wherever a chain applies them, extra parameters bound to numbers.
 */
final class Functions {
    private static final Map<String, ScalarExpr.Builtin> BUILTINS = new HashMap<>();

    static {
        for (ScalarExpr.Builtin b : ScalarExpr.Builtin.values()) {
            if (b.inLanguage()) {
                BUILTINS.put(b.text(), b);
            }
        }
    }

    private final Reporter reporter;
    private final Map<String, FnDecl> valid = new LinkedHashMap<>();
    /** Every declared name, sound or not: uses of an unsound function are not reported again. */
    private final Set<String> declared = new HashSet<>();
    /** Default value of each parameter that has one, per function. */
    private final Map<String, Map<String, Double>> defaults = new HashMap<>();

    Functions(Reporter reporter) {
        this.reporter = reporter;
    }

    static Set<String> builtinNames() {
        return BUILTINS.keySet();
    }

    /** Checks every declaration; only sound ones become usable. {@code reserved} are the language's own names. */
    void declare(List<FnDecl> declarations, Set<String> reserved) {
        Map<String, FnDecl> seen = new HashMap<>();
        List<FnDecl> candidates = new ArrayList<>();
        for (FnDecl fn : declarations) {
            String name = fn.name().text();
            if (seen.containsKey(name)) {
                reporter.error(fn.name().span(), "function `%s` is already defined on line %d"
                        .formatted(name, seen.get(name).name().span().line()));
            } else if (reserved.contains(name) || BUILTINS.containsKey(name)) {
                seen.put(name, fn);
                reporter.error(fn.name().span(), "`%s` is a built-in name; choose another name for this function".formatted(name));
            } else {
                seen.put(name, fn);
                candidates.add(fn);
            }
        }
        Map<String, FnDecl> byName = new HashMap<>();
        candidates.forEach(fn -> byName.put(fn.name().text(), fn));
        for (FnDecl fn : candidates) {
            if (checkSignature(fn) & checkBody(fn, byName)) {
                valid.put(fn.name().text(), fn);
            }
        }
        rejectRecursion(byName);
        declared.addAll(seen.keySet());
        boolean pruned = true;
        while (pruned) {
            pruned = valid.values().removeIf(fn -> callees(fn.body()).stream()
                    .anyMatch(callee -> byName.containsKey(callee) && !valid.containsKey(callee)));
        }
    }

    /** Declared, but unusable because of an error already reported. */
    boolean isBroken(String name) {
        return declared.contains(name) && !valid.containsKey(name);
    }

    boolean has(String name) {
        return valid.containsKey(name);
    }

    Set<String> names() {
        return valid.keySet();
    }

    /** The extra parameters a chain step may pass: all but the first. */
    List<Arguments.Spec> specs(String name) {
        FnDecl fn = valid.get(name);
        List<Arguments.Spec> specs = new ArrayList<>();
        for (FnDecl.Param p : fn.params().subList(1, fn.params().size())) {
            Double d = defaults.get(name).get(p.name().text());
            specs.add(d == null ? Arguments.Spec.required(p.name().text(), Arguments.Kind.REAL)
                    : Arguments.Spec.optional(p.name().text(), Arguments.Kind.REAL, d));
        }
        return specs;
    }

    /** The function applied to x, with {@code arguments} for its other parameters. */
    ScalarExpr instantiate(String name, Map<String, Double> arguments) {
        FnDecl fn = valid.get(name);
        Map<String, ScalarExpr> env = new HashMap<>();
        env.put(fn.params().get(0).name().text(), new ScalarExpr.X());
        for (FnDecl.Param p : fn.params().subList(1, fn.params().size())) {
            env.put(p.name().text(), new ScalarExpr.Const(arguments.get(p.name().text())));
        }
        return inline(fn.body(), env);
    }

    private boolean checkSignature(FnDecl fn) {
        boolean ok = true;
        if (fn.params().isEmpty()) {
            reporter.error(fn.name().span(), "function `%s` needs a parameter for its input, e.g. `fn %s(x) = ...`"
                    .formatted(fn.name().text(), fn.name().text()));
            return false;
        }
        Set<String> names = new HashSet<>();
        Map<String, Double> values = new HashMap<>();
        for (FnDecl.Param p : fn.params()) {
            if (!names.add(p.name().text())) {
                reporter.error(p.name().span(), "parameter `%s` of `%s` is declared twice".formatted(p.name().text(), fn.name().text()));
                ok = false;
            }
            if (p.defaultValue().isPresent()) {
                OptionalDouble v = Constants.evaluate(p.defaultValue().get());
                if (v.isEmpty()) {
                    reporter.error(p.defaultValue().get().span(), "the default of `%s` must be a number".formatted(p.name().text()));
                    ok = false;
                } else {
                    values.put(p.name().text(), v.getAsDouble());
                }
            }
        }
        defaults.put(fn.name().text(), values);
        return ok;
    }

    private boolean checkBody(FnDecl fn, Map<String, FnDecl> functions) {
        Set<String> params = new HashSet<>();
        fn.params().forEach(p -> params.add(p.name().text()));
        int before = reporter.errorCount();
        checkExpr(fn.body(), fn, params, functions);
        return reporter.errorCount() == before;
    }

    private void checkExpr(Expr e, FnDecl fn, Set<String> params, Map<String, FnDecl> functions) {
        if (e instanceof Expr.Name n && !params.contains(n.name().text())) {
            reporter.error(n.span(), "unknown name `%s` in function `%s`%s".formatted(n.name().text(),
                    fn.name().text(), Suggestions.didYouMean(n.name().text(), params)));
        } else if (e instanceof Expr.Unary u) {
            checkExpr(u.operand(), fn, params, functions);
        } else if (e instanceof Expr.Binary b) {
            checkExpr(b.left(), fn, params, functions);
            checkExpr(b.right(), fn, params, functions);
        } else if (e instanceof Expr.Call c) {
            checkCall(c, fn, params, functions);
        } else if (e instanceof Expr.Chain c) {
            reporter.error(c.steps().get(0).span(), "`->` chains apply layers to tensors; a function body is arithmetic on `%s`"
                    .formatted(fn.params().get(0).name().text()));
        } else if (e instanceof Expr.Text || e instanceof Expr.ListOf) {
            reporter.error(e.span(), "a function body is arithmetic on numbers; got %s".formatted(Arguments.shown(e)));
        }
    }

    private void checkCall(Expr.Call c, FnDecl fn, Set<String> params, Map<String, FnDecl> functions) {
        String name = c.callee().text();
        int min;
        int max;
        if (BUILTINS.containsKey(name)) {
            min = max = BUILTINS.get(name).arity();
        } else if (functions.containsKey(name)) {
            FnDecl callee = functions.get(name);
            max = callee.params().size();
            min = (int) callee.params().stream().filter(p -> p.defaultValue().isEmpty()).count();
        } else {
            Set<String> known = new HashSet<>(BUILTINS.keySet());
            known.addAll(functions.keySet());
            reporter.error(c.callee().span(), "unknown function `%s`%s".formatted(name, Suggestions.didYouMean(name, known)));
            return;
        }
        for (Expr.Argument a : c.arguments()) {
            if (a.name().isPresent()) {
                reporter.error(a.span(), "calls inside a function body take positional arguments only");
                return;
            }
        }
        int n = c.arguments().size();
        if (n < min || n > max) {
            reporter.error(c.callee().span(), "`%s` takes %s, got %d".formatted(name,
                    min == max ? min + " argument" + (min == 1 ? "" : "s") : min + " to " + max + " arguments", n));
            return;
        }
        c.arguments().forEach(a -> checkExpr(a.value(), fn, params, functions));
    }

    private void rejectRecursion(Map<String, FnDecl> functions) {
        for (String name : List.copyOf(valid.keySet())) {
            if (!valid.containsKey(name)) {
                continue; // on a cycle already reported
            }
            Optional<List<String>> cycle = cycleFrom(name, name, functions, new ArrayList<>(), new HashSet<>());
            if (cycle.isPresent()) {
                cycle.get().forEach(valid::remove);
                FnDecl fn = functions.get(name);
                reporter.error(fn.name().span(), "function `%s` calls itself (%s); functions cannot be recursive"
                        .formatted(name, String.join(" -> ", cycle.get())));
            }
        }
    }

    private Optional<List<String>> cycleFrom(String start, String at, Map<String, FnDecl> functions,
                                             List<String> path, Set<String> visited) {
        path.add(at);
        for (String callee : callees(functions.get(at).body())) {
            if (callee.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return Optional.of(cycle);
            }
            if (functions.containsKey(callee) && visited.add(callee)) {
                Optional<List<String>> found = cycleFrom(start, callee, functions, path, visited);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        path.remove(path.size() - 1);
        return Optional.empty();
    }

    private static Set<String> callees(Expr e) {
        Set<String> out = new HashSet<>();
        collectCallees(e, out);
        return out;
    }

    private static void collectCallees(Expr e, Set<String> out) {
        if (e instanceof Expr.Call c) {
            out.add(c.callee().text());
            c.arguments().forEach(a -> collectCallees(a.value(), out));
        } else if (e instanceof Expr.Unary u) {
            collectCallees(u.operand(), out);
        } else if (e instanceof Expr.Binary b) {
            collectCallees(b.left(), out);
            collectCallees(b.right(), out);
        }
    }

    /** Substitutes {@code env} into a checked body, inlining calls to other user functions. */
    private ScalarExpr inline(Expr e, Map<String, ScalarExpr> env) {
        if (e instanceof Expr.Number n) {
            return new ScalarExpr.Const(n.value());
        }
        if (e instanceof Expr.Name n) {
            return env.get(n.name().text());
        }
        if (e instanceof Expr.Unary u) {
            return u.operator() == '-' ? new ScalarExpr.Neg(inline(u.operand(), env)) : inline(u.operand(), env);
        }
        if (e instanceof Expr.Binary b) {
            return new ScalarExpr.Binary(b.operator(), inline(b.left(), env), inline(b.right(), env));
        }
        Expr.Call c = (Expr.Call) e;
        List<ScalarExpr> args = c.arguments().stream().map(a -> inline(a.value(), env)).toList();
        ScalarExpr.Builtin builtin = BUILTINS.get(c.callee().text());
        if (builtin != null) {
            return new ScalarExpr.Call(builtin, args);
        }
        FnDecl callee = valid.get(c.callee().text());
        Map<String, ScalarExpr> inner = new HashMap<>();
        for (int i = 0; i < callee.params().size(); i++) {
            String param = callee.params().get(i).name().text();
            inner.put(param, i < args.size() ? args.get(i) : new ScalarExpr.Const(defaults.get(callee.name().text()).get(param)));
        }
        return inline(callee.body(), inner);
    }

}
