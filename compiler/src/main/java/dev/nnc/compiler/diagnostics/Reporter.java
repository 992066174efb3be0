package dev.nnc.compiler.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the diagnostics of one file from every stage. After {@link #MAX_ERRORS} errors it throws
 * {@link TooManyErrors} so a file of garbage ends quickly; the driver catches it.
 */
public final class Reporter {
    public static final int MAX_ERRORS = 100;

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private int errors;

    public void error(Span span, String message) {
        diagnostics.add(new Diagnostic(Severity.ERROR, span, message));
        if (++errors >= MAX_ERRORS) {
            throw new TooManyErrors();
        }
    }

    public void warning(Span span, String message) {
        diagnostics.add(new Diagnostic(Severity.WARNING, span, message));
    }

    public int errorCount() {
        return errors;
    }

    public boolean hasErrors() {
        return errors > 0;
    }

    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }

    /** Thrown by {@link #error} once the limit is reached; not a compiler failure. */
    public static final class TooManyErrors extends RuntimeException {
        TooManyErrors() {
            super("too many errors", null, false, false);
        }
    }
}
