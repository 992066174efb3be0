package dev.nnc.compiler.diagnostics;

/**
 * A region of a source file: where a diagnostic's caret goes. {@code line} and {@code column} are
 * 1-based (a tab counts as one column); {@code start} and {@code end} are character offsets.
 */
public record Span(int line, int column, int start, int end) {

    public Span {
        if (line < 1 || column < 1 || start < 0 || end < start) {
            throw new IllegalArgumentException(
                    "span line %d column %d offsets %d..%d".formatted(line, column, start, end));
        }
    }

    /** The beginning of a file, for errors about the file as a whole. */
    public static final Span FILE_START = new Span(1, 1, 0, 0);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
