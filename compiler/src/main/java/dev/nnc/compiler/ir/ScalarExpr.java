package dev.nnc.compiler.ir;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scalar expression of one variable {@code x}: the body of an element-wise activation, with user
 * functions inlined and their extra parameters replaced by constants. Autodiff differentiates these.
 */
public sealed interface ScalarExpr {

    record Const(double value) implements ScalarExpr {
        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.valueOf(value);
        }
    }

    /** The function's input. */
    record X() implements ScalarExpr {
        @Override
        public String toString() {
            return "x";
        }
    }

    record Neg(ScalarExpr operand) implements ScalarExpr {
        @Override
        public String toString() {
            return "-(" + operand + ")";
        }
    }

    record Binary(char operator, ScalarExpr left, ScalarExpr right) implements ScalarExpr {
        @Override
        public String toString() {
            return "(" + left + " " + operator + " " + right + ")";
        }
    }

    /** A built-in: {@link Builtin}. */
    record Call(Builtin function, List<ScalarExpr> arguments) implements ScalarExpr {
        public Call {
            arguments = List.copyOf(arguments);
            if (arguments.size() != function.arity()) {
                throw new IllegalArgumentException(function + " takes " + function.arity() + " arguments, got " + arguments);
            }
        }

        @Override
        public String toString() {
            return function.text() + arguments.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    /**
     * The element-wise built-ins of LANGUAGE.md, and two that only derivatives use: {@code step(u)}
     * (1 where u > 0, else 0) and {@code sign(u)}.
     */
    enum Builtin {
        EXP(1), LOG(1), SQRT(1), ABS(1), SIGMOID(1), TANH(1), RELU(1), MAX(2), MIN(2), POW(2),
        STEP(1, false), SIGN(1, false);

        private final int arity;
        private final boolean inLanguage;

        Builtin(int arity) {
            this(arity, true);
        }

        Builtin(int arity, boolean inLanguage) {
            this.arity = arity;
            this.inLanguage = inLanguage;
        }

        public int arity() {
            return arity;
        }

        /** Whether .nn files may call it; the others appear only in derivatives. */
        public boolean inLanguage() {
            return inLanguage;
        }

        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
