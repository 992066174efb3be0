package dev.nnc.compiler.check;

import dev.nnc.compiler.diagnostics.Span;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Appends nodes in topological order and names unnamed ones as Keras does: {@code dense_1}, {@code relu_2}. */
final class GraphBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final Set<String> taken;
    private final Map<String, Integer> counters = new HashMap<>();

    /** {@code userNames}: every name the model declares, which generated names must avoid. */
    GraphBuilder(Set<String> userNames) {
        this.taken = new HashSet<>(userNames);
    }

    Node node(int id) {
        return nodes.get(id);
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    int size() {
        return nodes.size();
    }

    /** Adds a node named by {@link #nameFor}. */
    int add(String name, Op op, List<Integer> inputs, Shape shape, List<Parameter> params, Span span) {
        int id = nodes.size();
        nodes.add(new Node(id, name, op, inputs, shape, params, span));
        return id;
    }

    private String generatedName(String kind) {
        while (true) {
            int n = counters.merge(kind, 1, Integer::sum);
            String name = kind + "_" + n;
            if (taken.add(name)) {
                return name;
            }
        }
    }

    /** The layer's label, or the next generated name for its kind; taken once asked for. */
    String nameFor(String label, String kind) {
        return label != null ? label : generatedName(kind);
    }
}
