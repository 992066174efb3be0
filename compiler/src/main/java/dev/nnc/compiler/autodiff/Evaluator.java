package dev.nnc.compiler.autodiff;

import dev.nnc.compiler.ir.ScalarExpr;

/** Evaluates scalar expressions in double precision: for constant folding and for gradient checks. */
public final class Evaluator {
    private Evaluator() {}

    public static double evaluate(ScalarExpr e, double x) {
        if (e instanceof ScalarExpr.Const c) {
            return c.value();
        }
        if (e instanceof ScalarExpr.X) {
            return x;
        }
        if (e instanceof ScalarExpr.Neg n) {
            return -evaluate(n.operand(), x);
        }
        if (e instanceof ScalarExpr.Binary b) {
            return binary(b.operator(), evaluate(b.left(), x), evaluate(b.right(), x));
        }
        ScalarExpr.Call c = (ScalarExpr.Call) e;
        double[] args = c.arguments().stream().mapToDouble(a -> evaluate(a, x)).toArray();
        return call(c.function(), args);
    }

    static double binary(char op, double a, double b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            case '/' -> a / b;
            default -> throw new IllegalArgumentException("operator " + op);
        };
    }

    static double call(ScalarExpr.Builtin f, double[] a) {
        return switch (f) {
            case EXP -> Math.exp(a[0]);
            case LOG -> Math.log(a[0]);
            case SQRT -> Math.sqrt(a[0]);
            case ABS -> Math.abs(a[0]);
            case SIGMOID -> 1 / (1 + Math.exp(-a[0]));
            case TANH -> Math.tanh(a[0]);
            case RELU -> Math.max(a[0], 0);
            case MAX -> Math.max(a[0], a[1]);
            case MIN -> Math.min(a[0], a[1]);
            case POW -> Math.pow(a[0], a[1]);
            case STEP -> a[0] > 0 ? 1 : 0;
            case SIGN -> Math.signum(a[0]);
        };
    }
}
