package dev.nnc.compiler.ir;

import dev.nnc.compiler.diagnostics.Span;
import java.util.List;
import java.util.Map;

/**
 * A checked model: nodes in topological order (node 0 is the input), every shape static, the loss
 * and the training settings. This is what autodiff and code generation consume. {@code tensors} maps
 * every name a .nn file can use for a tensor (bindings, labels, the input) to its node id.
 */
public record Graph(String name, String sourceFile, Span span, List<Node> nodes, Target target,
                    Loss loss, TrainConfig train, Map<String, Integer> tensors) {

    public Graph {
        nodes = List.copyOf(nodes);
        tensors = Map.copyOf(tensors);
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).id() != i) {
                throw new IllegalArgumentException("model %s: node %d has id %d".formatted(name, i, nodes.get(i).id()));
            }
        }
        if (nodes.isEmpty() || !(nodes.get(0).op() instanceof Op.Input)) {
            throw new IllegalArgumentException("model " + name + ": node 0 must be the input");
        }
    }

    public Node input() {
        return nodes.get(0);
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public List<Parameter> parameters() {
        return nodes.stream().flatMap(n -> n.params().stream()).toList();
    }

    public long paramCount() {
        return nodes.stream().mapToLong(Node::paramCount).sum();
    }
}
