package dev.nnc.compiler.autodiff;

import dev.nnc.compiler.ir.Graph;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * Reverse-mode differentiation of a checked model. {@code live} are the forward nodes the loss needs
 * (the rest are never computed); {@code needsGradient} the nodes whose output gradient is wanted
 * (those downstream of a parameter); {@code ops} the backward ops in reverse topological order;
 * {@code partials} ∂loss/∂term for each loss term.
 */
public record GradientGraph(Graph forward, BitSet live, BitSet needsGradient, List<BackwardOp> ops,
                            List<Loss> terms, Map<Loss, Loss> partials) {

    public static GradientGraph of(Graph g) {
        List<Node> nodes = g.nodes();
        List<Loss> terms = LossCalculus.terms(g.loss());
        BitSet live = new BitSet(nodes.size());
        for (Loss t : terms) {
            lossNode(t).ifPresent(live::set);
        }
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (live.get(i)) {
                nodes.get(i).inputs().forEach(live::set);
            }
        }
        BitSet needs = new BitSet(nodes.size());
        for (Node n : nodes) {
            if (live.get(n.id()) && (!n.params().isEmpty() || n.inputs().stream().anyMatch(needs::get))) {
                needs.set(n.id());
            }
        }
        List<BackwardOp> ops = new ArrayList<>();
        for (int i = nodes.size() - 1; i >= 1; i--) {
            Node n = nodes.get(i);
            if (needs.get(i)) {
                ops.add(rule(n, needs));
            }
        }
        Map<Loss, Loss> partials = new java.util.LinkedHashMap<>();
        terms.forEach(t -> partials.put(t, LossCalculus.partial(g.loss(), t)));
        return new GradientGraph(g, live, needs, List.copyOf(ops), List.copyOf(terms), partials);
    }

    /** The gradient table: one rule per op kind. */
    private static BackwardOp rule(Node n, BitSet needs) {
        boolean inputGradient = !n.inputs().isEmpty() && needs.get(n.inputs().get(0));
        Op op = n.op();
        if (op instanceof Op.Dense) {
            return new BackwardOp.Dense(n.id(), inputGradient);
        }
        if (op instanceof Op.Conv2d) {
            return new BackwardOp.Conv2d(n.id(), inputGradient);
        }
        if (op instanceof Op.Pool) {
            return new BackwardOp.Pool(n.id());
        }
        if (op instanceof Op.Elementwise e) {
            return new BackwardOp.Map(n.id(), Derivatives.derivative(e.function()));
        }
        if (op instanceof Op.Softmax) {
            return new BackwardOp.Softmax(n.id());
        }
        if (op instanceof Op.Dropout) {
            return new BackwardOp.Dropout(n.id());
        }
        if (op instanceof Op.Flatten) {
            return new BackwardOp.Reshape(n.id());
        }
        if (op instanceof Op.Add) {
            return new BackwardOp.Add(n.id());
        }
        if (op instanceof Op.Concat) {
            return new BackwardOp.Concat(n.id());
        }
        if (op instanceof Op.Prelu) {
            return new BackwardOp.Prelu(n.id(), inputGradient);
        }
        if (op instanceof Op.Maxout) {
            return new BackwardOp.Maxout(n.id());
        }
        throw new UnsupportedOperationException("no backward rule for " + op.kind() + " yet");
    }

    /** The node a loss term reads, if any. */
    public static java.util.Optional<Integer> lossNode(Loss term) {
        if (term instanceof Loss.SoftmaxCrossEntropy s) {
            return java.util.Optional.of(s.logits());
        }
        if (term instanceof Loss.SigmoidCrossEntropy s) {
            return java.util.Optional.of(s.logits());
        }
        if (term instanceof Loss.MeanSquaredError m) {
            return java.util.Optional.of(m.prediction());
        }
        return java.util.Optional.empty();
    }
}
