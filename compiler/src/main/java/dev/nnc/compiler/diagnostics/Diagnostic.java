package dev.nnc.compiler.diagnostics;

/** One finding about a source file; rendered in one place, {@link DiagnosticRenderer}. */
public record Diagnostic(Severity severity, Span span, String message) {

    /** {@code 3:12: error: message}, the form tests compare against. */
    @Override
    public String toString() {
        return span + ": " + severity.label() + ": " + message;
    }
}
