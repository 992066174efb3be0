package dev.nnc.compiler.check;

import dev.nnc.compiler.ast.ModelDecl;
import dev.nnc.compiler.ast.Program;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.ir.Graph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The check stage: a parsed program to one checked {@link Graph} per sound model. */
public final class Checker {
    private Checker() {}

    public static List<Graph> check(Program program, String sourceName, Reporter reporter) {
        Set<String> reserved = new HashSet<>(Activations.PARAMETERS.keySet());
        reserved.addAll(Layers.names());
        reserved.add("concat");
        reserved.addAll(Layers.LOSS_FUNCTIONS);
        Functions functions = new Functions(reporter);
        functions.declare(program.functions(), reserved);

        List<Graph> graphs = new ArrayList<>();
        Map<String, ModelDecl> seen = new HashMap<>();
        for (ModelDecl model : program.models()) {
            ModelDecl first = seen.putIfAbsent(model.name().text(), model);
            if (first != null) {
                reporter.error(model.name().span(), "model `%s` is already defined on line %d"
                        .formatted(model.name().text(), first.name().span().line()));
                continue;
            }
            new ModelChecker(reporter, functions, program.unparsed(), sourceName).check(model).ifPresent(graphs::add);
        }
        return graphs;
    }
}
