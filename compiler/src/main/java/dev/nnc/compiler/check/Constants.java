package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.Expr;
import java.util.OptionalDouble;

/** Evaluates constant arithmetic ({@code 1/255}, {@code -0.5}, {@code 5e-4 * 2}) at compile time. */
final class Constants {
    private Constants() {}

    /** The value, or empty when {@code e} is not made of numbers and {@code + - * /} alone. */
    static OptionalDouble evaluate(Expr e) {
        if (e instanceof Expr.Number n) {
            return OptionalDouble.of(n.value());
        }
        if (e instanceof Expr.Unary u) {
            OptionalDouble v = evaluate(u.operand());
            return v.isEmpty() || u.operator() == '+' ? v : OptionalDouble.of(-v.getAsDouble());
        }
        if (e instanceof Expr.Binary b) {
            OptionalDouble l = evaluate(b.left());
            OptionalDouble r = evaluate(b.right());
            if (l.isEmpty() || r.isEmpty()) {
                return OptionalDouble.empty();
            }
            double x = l.getAsDouble();
            double y = r.getAsDouble();
            double v = switch (b.operator()) {
                case '+' -> x + y;
                case '-' -> x - y;
                case '*' -> x * y;
                default -> x / y;
            };
            return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
        }
        return OptionalDouble.empty();
    }

    /** How a number reads in a message: as written when it was a literal. */
    static String text(Expr e) {
        if (e instanceof Expr.Number n) {
            return n.text();
        }
        OptionalDouble v = evaluate(e);
        return v.isPresent() ? format(v.getAsDouble()) : "that";
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
