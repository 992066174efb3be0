package dev.nnc.compiler.autodiff;

import dev.nnc.compiler.ir.ScalarExpr;
import dev.nnc.compiler.ir.ScalarExpr.Binary;
import dev.nnc.compiler.ir.ScalarExpr.Call;
import dev.nnc.compiler.ir.ScalarExpr.Const;
import dev.nnc.compiler.ir.ScalarExpr.Neg;
import java.util.List;

/**
 * Algebraic clean-up of scalar expressions, bottom up: constant folding, {@code x*1}, {@code x+0},
 * {@code x*0}, {@code x-0}, {@code x/1}, double negation, and constants gathered to the left of a
 * product. Shared subexpressions are left in the tree; code generation names them once.
 */
public final class Simplifier {
    private Simplifier() {}

    public static ScalarExpr simplify(ScalarExpr e) {
        if (e instanceof Neg n) {
            ScalarExpr a = simplify(n.operand());
            if (a instanceof Const c) {
                return new Const(-c.value());
            }
            return a instanceof Neg inner ? inner.operand() : new Neg(a);
        }
        if (e instanceof Call c) {
            List<ScalarExpr> args = c.arguments().stream().map(Simplifier::simplify).toList();
            if (args.stream().allMatch(a -> a instanceof Const)) {
                return new Const(Evaluator.call(c.function(), args.stream().mapToDouble(a -> ((Const) a).value()).toArray()));
            }
            return new Call(c.function(), args);
        }
        if (e instanceof Binary b) {
            return binary(b.operator(), simplify(b.left()), simplify(b.right()));
        }
        return e;
    }

    private static ScalarExpr binary(char op, ScalarExpr l, ScalarExpr r) {
        if (l instanceof Const a && r instanceof Const b) {
            return new Const(Evaluator.binary(op, a.value(), b.value()));
        }
        switch (op) {
            case '+' -> {
                if (is(l, 0)) {
                    return r;
                }
                if (is(r, 0)) {
                    return l;
                }
                if (r instanceof Neg n) {
                    return binary('-', l, n.operand());
                }
            }
            case '-' -> {
                if (is(r, 0)) {
                    return l;
                }
                if (is(l, 0)) {
                    return simplify(new Neg(r));
                }
                if (l.equals(r)) {
                    return new Const(0);
                }
            }
            case '*' -> {
                if (is(l, 0) || is(r, 0)) {
                    return new Const(0);
                }
                if (is(l, 1)) {
                    return r;
                }
                if (is(r, 1)) {
                    return l;
                }
                if (is(l, -1)) {
                    return simplify(new Neg(r));
                }
                if (is(r, -1)) {
                    return simplify(new Neg(l));
                }
                if (r instanceof Const) {
                    return binary('*', r, l); // constants first: 2 * x
                }
                if (l instanceof Const a && r instanceof Binary b && b.operator() == '*' && b.left() instanceof Const c) {
                    return binary('*', new Const(a.value() * c.value()), b.right());
                }
            }
            case '/' -> {
                if (is(r, 1)) {
                    return l;
                }
                if (is(l, 0)) {
                    return new Const(0);
                }
            }
            default -> throw new IllegalArgumentException("operator " + op);
        }
        return new Binary(op, l, r);
    }

    private static boolean is(ScalarExpr e, double value) {
        return e instanceof Const c && c.value() == value;
    }
}
