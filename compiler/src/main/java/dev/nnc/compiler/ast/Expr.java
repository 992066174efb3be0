package dev.nnc.compiler.ast;

import dev.nnc.compiler.diagnostics.Span;
import java.util.List;
import java.util.Optional;

/**
 * An expression. The same syntax serves tensor bindings, loss expressions, function bodies, layer
 * arguments and train settings; the checker gives each its meaning. {@link #span()} is where a
 * diagnostic about the expression points: for a binary expression, its operator.
 */
public sealed interface Expr {

    Span span();

    /** {@code 5e-4}; {@code text} as written, for messages. */
    record Number(double value, String text, Span span) implements Expr {}

    record Text(String value, Span span) implements Expr {}

    /** A bare name: a tensor, a parameter, or a word such as {@code same} or {@code mnist}. */
    record Name(Identifier name) implements Expr {
        @Override
        public Span span() {
            return name.span();
        }
    }

    /** {@code [5, 3]} */
    record ListOf(List<Expr> items, Span span) implements Expr {
        public ListOf {
            items = List.copyOf(items);
        }
    }

    /** {@code uniform(-1, 1)}, {@code concat(a, b)}, {@code mse(pred, y)} */
    record Call(Identifier callee, List<Argument> arguments) implements Expr {
        public Call {
            arguments = List.copyOf(arguments);
        }

        @Override
        public Span span() {
            return callee.span();
        }
    }

    record Unary(char operator, Expr operand, Span span) implements Expr {}

    record Binary(char operator, Expr left, Expr right, Span span) implements Expr {}

    /** {@code head -> step -> step}: at least one step. */
    record Chain(Expr head, List<Step> steps) implements Expr {
        public Chain {
            steps = List.copyOf(steps);
        }

        @Override
        public Span span() {
            return head.span();
        }
    }

    /** {@code conv1: conv2d(32, kernel=5)} or {@code relu}; the span starts at the label when there is one. */
    record Step(Optional<Identifier> label, Identifier op, List<Argument> arguments, Span span) {
        public Step {
            arguments = List.copyOf(arguments);
        }
    }

    /** A positional ({@code name} empty) or named argument. */
    record Argument(Optional<Identifier> name, Expr value) {
        public Span span() {
            return name.map(Identifier::span).orElse(value.span());
        }
    }
}
