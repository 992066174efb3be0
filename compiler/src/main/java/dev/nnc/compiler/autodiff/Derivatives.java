package dev.nnc.compiler.autodiff;

import static dev.nnc.compiler.ir.ScalarExpr.Builtin.LOG;
import static dev.nnc.compiler.ir.ScalarExpr.Builtin.POW;
import static dev.nnc.compiler.ir.ScalarExpr.Builtin.SIGN;
import static dev.nnc.compiler.ir.ScalarExpr.Builtin.STEP;

import dev.nnc.compiler.ir.ScalarExpr;
import dev.nnc.compiler.ir.ScalarExpr.Binary;
import dev.nnc.compiler.ir.ScalarExpr.Call;
import dev.nnc.compiler.ir.ScalarExpr.Const;
import java.util.List;

/**
 * Symbolic d/dx of scalar expressions: one rule per built-in and operator, then {@link Simplifier}.
 * Where a function has a kink (relu, max, min, abs) the derivative takes the one-sided value that
 * PyTorch uses: relu'(0) = 0, and max picks its first argument on ties.
 */
public final class Derivatives {
    private static final Const ZERO = new Const(0);
    private static final Const ONE = new Const(1);

    private Derivatives() {}

    /** d e / dx, simplified. */
    public static ScalarExpr derivative(ScalarExpr e) {
        return Simplifier.simplify(d(Simplifier.simplify(e)));
    }

    private static ScalarExpr d(ScalarExpr e) {
        if (e instanceof Const) {
            return ZERO;
        }
        if (e instanceof ScalarExpr.X) {
            return ONE;
        }
        if (e instanceof ScalarExpr.Neg n) {
            return new ScalarExpr.Neg(d(n.operand()));
        }
        if (e instanceof Binary b) {
            ScalarExpr u = b.left();
            ScalarExpr v = b.right();
            return switch (b.operator()) {
                case '+' -> plus(d(u), d(v));
                case '-' -> minus(d(u), d(v));
                case '*' -> plus(times(d(u), v), times(u, d(v)));
                // (u/v)' = u'/v - u v' / v²
                default -> minus(div(d(u), v), div(times(u, d(v)), times(v, v)));
            };
        }
        Call c = (Call) e;
        ScalarExpr u = c.arguments().get(0);
        ScalarExpr du = d(u);
        return switch (c.function()) {
            case EXP -> times(c, du);
            case LOG -> div(du, u);
            case SQRT -> div(du, times(new Const(2), c));
            case ABS -> times(call(SIGN, u), du);
            case SIGMOID -> times(times(c, minus(ONE, c)), du);
            case TANH -> times(minus(ONE, times(c, c)), du);
            case RELU -> times(call(STEP, u), du);
            case MAX -> choose(minus(c.arguments().get(1), u), du, d(c.arguments().get(1)));
            case MIN -> choose(minus(u, c.arguments().get(1)), du, d(c.arguments().get(1)));
            case POW -> power(c, u, c.arguments().get(1));
            case STEP, SIGN -> ZERO;
        };
    }

    /** max(u, v)' = u' where u ≥ v, else v': written with step(v - u) so ties pick u. */
    private static ScalarExpr choose(ScalarExpr vMinusU, ScalarExpr du, ScalarExpr dv) {
        ScalarExpr vWins = call(STEP, vMinusU);
        return plus(times(minus(ONE, vWins), du), times(vWins, dv));
    }

    private static ScalarExpr power(Call c, ScalarExpr u, ScalarExpr v) {
        ScalarExpr dv = Simplifier.simplify(d(v));
        if (dv instanceof Const k && k.value() == 0) {
            // (u^v)' = v u^(v-1) u' for v constant in x
            return times(times(v, call(POW, u, minus(v, ONE))), d(u));
        }
        // (u^v)' = u^v (v' ln u + v u' / u)
        return times(c, plus(times(dv, call(LOG, u)), div(times(v, d(u)), u)));
    }

    private static ScalarExpr call(ScalarExpr.Builtin f, ScalarExpr... args) {
        return new Call(f, List.of(args));
    }

    private static ScalarExpr plus(ScalarExpr a, ScalarExpr b) {
        return new Binary('+', a, b);
    }

    private static ScalarExpr minus(ScalarExpr a, ScalarExpr b) {
        return new Binary('-', a, b);
    }

    private static ScalarExpr times(ScalarExpr a, ScalarExpr b) {
        return new Binary('*', a, b);
    }

    private static ScalarExpr div(ScalarExpr a, ScalarExpr b) {
        return new Binary('/', a, b);
    }
}
