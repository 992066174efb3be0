package dev.nnc.compiler.ir;

import java.util.List;

/** The scalar the trainer minimises: a mean over the batch of loss terms, combined arithmetically. */
public sealed interface Loss {

    record Const(double value) implements Loss {}

    record Neg(Loss operand) implements Loss {}

    record Binary(char operator, Loss left, Loss right) implements Loss {}

    /** Fused, stable softmax + cross-entropy of node {@code logits} against class labels or a distribution. */
    record SoftmaxCrossEntropy(int logits, Target target) implements Loss {}

    /** Stable sigmoid + binary cross-entropy, element-wise, averaged over elements. */
    record SigmoidCrossEntropy(int logits, Target target) implements Loss {}

    /** Mean squared error between node {@code prediction} and the target, averaged over elements. */
    record MeanSquaredError(int prediction, Target target) implements Loss {}

    /** Half the sum of squares of the named weight parameters ({@code fc1.weight}). */
    record L2(List<String> parameters) implements Loss {
        public L2 {
            parameters = List.copyOf(parameters);
        }
    }
}
