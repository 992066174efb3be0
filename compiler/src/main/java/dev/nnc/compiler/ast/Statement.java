package dev.nnc.compiler.ast;

import dev.nnc.compiler.diagnostics.Span;
import java.util.List;

/** A statement of a model body. */
public sealed interface Statement {

    Span span();

    /** {@code input image: [1, 28, 28]} */
    record Input(Identifier name, ShapeLiteral shape, Span span) implements Statement {}

    /** {@code target label: class(10)} or {@code target y: [1]} */
    record Target(Identifier name, TargetType type, Span span) implements Statement {}

    /** {@code logits = image -> conv1: conv2d(32, kernel=5) -> relu} */
    record Binding(Identifier name, Expr value) implements Statement {
        @Override
        public Span span() {
            return name.span();
        }
    }

    /** {@code loss = softmax_cross_entropy(logits, label) + 5e-4 * l2(fc1)} */
    record Loss(Expr value, Span span) implements Statement {}

    /** {@code train { optimizer = adam(lr=1e-4) batch = 50 }} */
    record Train(List<Entry> entries, Span span) implements Statement {
        public Train {
            entries = List.copyOf(entries);
        }

        public record Entry(Identifier key, Expr value) {}
    }

    /** {@code [1, 28, 28]} as written; the checker decides whether the numbers are valid sizes. */
    record ShapeLiteral(List<Expr.Number> dims, Span span) {
        public ShapeLiteral {
            dims = List.copyOf(dims);
        }
    }

    /** The type after {@code target NAME:}. */
    sealed interface TargetType {
        /** {@code class(10)}; {@code kind} is checked to be {@code class}. */
        record ClassCount(Identifier kind, Expr.Number count) implements TargetType {}

        record Tensor(ShapeLiteral shape) implements TargetType {}
    }
}
