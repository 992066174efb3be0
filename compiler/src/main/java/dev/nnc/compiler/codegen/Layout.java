package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.autodiff.GradientGraph;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Parameter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where generated code keeps each tensor: the field of every live node's activations and gradient,
 * its per-example size constant, and the parameters' arrays. A flatten reuses its input's activations.
 */
final class Layout {
    final Graph graph;
    final GradientGraph gradients;
    final Precision precision;
    private final Map<Integer, String> names = new HashMap<>();
    private final Map<String, String> params = new HashMap<>();

    Layout(Graph graph, GradientGraph gradients, Precision precision) {
        this.graph = graph;
        this.gradients = gradients;
        this.precision = precision;
        Set<String> used = new HashSet<>(Set.of("input", "random", "maxBatch", "batch", "n", "training", "gradient", "labels", "targets", "dropoutSeed", "dropoutStep"));
        for (Node n : graph.nodes()) {
            names.put(n.id(), unique(n.id() == 0 ? "input" : JavaNames.camel(n.name()), used));
            for (Parameter p : n.params()) {
                params.put(p.name(), unique(JavaNames.camel(p.name()), used));
            }
        }
    }

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = name + i;
        }
        return candidate;
    }

    Node node(int id) {
        return graph.node(id);
    }

    boolean live(int id) {
        return gradients.live().get(id);
    }

    boolean needsGradient(int id) {
        return gradients.needsGradient().get(id);
    }

    /** The nodes that take node {@code id}'s activations as an input. */
    List<Node> uses(int id) {
        return graph.nodes().stream().filter(u -> u.inputs().contains(id)).toList();
    }

    /** Whether node {@code id}'s activations are what a loss term reads. */
    boolean lossNode(int id) {
        return gradients.terms().stream().map(GradientGraph::lossNode).anyMatch(node -> node.isPresent() && node.get() == id);
    }

    /** The field holding node {@code id}'s activations for the batch; a flatten shares its input's. */
    String act(int id) {
        Node n = node(id);
        if (n.op() instanceof Op.Flatten) {
            return act(n.inputs().get(0));
        }
        return id == 0 ? "input" : names.get(id) + "Out";
    }

    /** Whether node {@code id} has its own activation buffer. */
    boolean ownsActivations(int id) {
        return id != 0 && live(id) && !(node(id).op() instanceof Op.Flatten);
    }

    String grad(int id) {
        return names.get(id) + "Grad";
    }

    String field(int id, String suffix) {
        return names.get(id) + suffix;
    }

    /** {@code FC1_SIZE}: values per example of node {@code id}. */
    String size(int id) {
        return id == 0 ? "INPUT_SIZE" : JavaNames.constant(node(id).name()) + "_SIZE";
    }

    String param(Parameter p) {
        return params.get(p.name());
    }

    String paramGrad(Parameter p) {
        return params.get(p.name()) + "Grad";
    }

    CodeBlock literal(double v) {
        return CodeBlock.of("$L", precision.literal(v));
    }
}
