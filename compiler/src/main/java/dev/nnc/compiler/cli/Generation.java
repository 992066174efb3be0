package dev.nnc.compiler.cli;

import dev.nnc.compiler.codegen.CodeGenerator;
import dev.nnc.compiler.ir.Graph;
import java.io.PrintWriter;
import java.util.Optional;

/** The check every command that generates code makes first. */
final class Generation {
    private Generation() {}

    static boolean supported(Graph g, PrintWriter err) {
        Optional<String> why = CodeGenerator.unsupported(g);
        why.ifPresent(reason -> err.printf("%s: error: cannot generate model `%s`: %s%n", g.sourceFile(), g.name(), reason));
        return why.isEmpty();
    }
}
