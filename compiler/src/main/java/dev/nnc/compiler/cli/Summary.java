package dev.nnc.compiler.cli;

import com.google.gson.Gson;
import dev.nnc.compiler.ir.Graph;
import java.util.List;

/** What {@code nnc summary} shows: per model, every layer and activation step in chain order. */
record Summary(List<Model> models) {

    record Model(String name, List<Layer> layers, long params) {}

    /** {@code shape} without the batch dimension. */
    record Layer(String name, String op, List<Integer> shape, long params) {}

    static Summary of(List<Graph> graphs) {
        return new Summary(graphs.stream().map(Summary::model).toList());
    }

    private static Model model(Graph g) {
        List<Layer> layers = g.nodes().stream().skip(1)
                .map(n -> new Layer(n.name(), n.op().kind(), n.shape().dims(), n.paramCount())).toList();
        return new Model(g.name(), layers, g.paramCount());
    }

    String toJson() {
        return new Gson().toJson(this);
    }

    String toTable() {
        StringBuilder out = new StringBuilder();
        for (Model m : models) {
            int nameWidth = Math.max(18, m.layers.stream().mapToInt(l -> l.name.length() + l.op.length() + 3).max().orElse(0));
            int shapeWidth = Math.max(14, m.layers.stream().mapToInt(l -> shape(l).length()).max().orElse(0));
            String format = "%-" + nameWidth + "s  %-" + shapeWidth + "s  %,12d%n";
            String rule = "-".repeat(nameWidth + shapeWidth + 16) + "\n";
            out.append("Model: ").append(m.name).append('\n').append(rule);
            out.append(String.format("%-" + nameWidth + "s  %-" + shapeWidth + "s  %12s%n", "Layer (op)", "Output shape", "Params"));
            out.append(rule);
            for (Layer l : m.layers) {
                out.append(String.format(format, l.name + " (" + l.op + ")", shape(l), l.params));
            }
            out.append(rule).append(String.format("Total params: %,d%n%n", m.params));
        }
        return out.toString();
    }

    private static String shape(Layer l) {
        return l.shape.toString();
    }
}
