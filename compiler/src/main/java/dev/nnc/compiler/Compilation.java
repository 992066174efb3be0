package dev.nnc.compiler;

import dev.nnc.compiler.diagnostics.Diagnostic;
import dev.nnc.compiler.diagnostics.DiagnosticRenderer;
import dev.nnc.compiler.diagnostics.Severity;
import dev.nnc.compiler.diagnostics.SourceFile;
import dev.nnc.compiler.ir.Graph;
import java.util.List;
import java.util.stream.Collectors;

/** The outcome of compiling one file: its diagnostics in source order, and the models that checked. */
public record Compilation(SourceFile source, List<Diagnostic> diagnostics, List<Graph> models) {

    public Compilation {
        diagnostics = List.copyOf(diagnostics);
        models = List.copyOf(models);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** Every diagnostic as the CLI prints it: position, message, the line and a caret. */
    public String render() {
        return diagnostics.stream().map(d -> DiagnosticRenderer.render(source, d)).collect(Collectors.joining());
    }
}
