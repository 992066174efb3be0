package dev.nnc.compiler.ir;

import dev.nnc.compiler.diagnostics.Span;
import java.util.List;

/**
 * One op of a model graph. {@code id} is the node's index in {@link Graph#nodes()}, which is in
 * topological order; {@code inputs} are ids of earlier nodes. {@code name} is the layer's label or
 * its generated name ({@code dense_1}); {@code span} is the .nn position it came from.
 */
public record Node(int id, String name, Op op, List<Integer> inputs, Shape shape, List<Parameter> params, Span span) {

    public Node {
        inputs = List.copyOf(inputs);
        params = List.copyOf(params);
        for (int input : inputs) {
            if (input < 0 || input >= id) {
                throw new IllegalArgumentException("node %d `%s`: input %d is not an earlier node".formatted(id, name, input));
            }
        }
    }

    public int paramCount() {
        return params.stream().mapToInt(Parameter::size).sum();
    }
}
