package dev.nnc.compiler.diagnostics;

/**
 * Renders a diagnostic the way compilers do:
 *
 * <pre>
 * mnist_cnn.nn:9:12: error: dense(10) expects a flat input, got [64, 7, 7]; add `-> flatten` before it
 *         -> fc2: dense(10)
 *            ^
 * </pre>
 */
public final class DiagnosticRenderer {
    /** Longer lines are cut around the caret so a minified or generated file stays readable. */
    private static final int MAX_SHOWN = 160;

    private DiagnosticRenderer() {}

    public static String render(SourceFile file, Diagnostic d) {
        StringBuilder out = new StringBuilder();
        out.append(file.name()).append(':').append(d).append('\n');
        String line = file.line(d.span().line());
        int caret = Math.min(d.span().column() - 1, line.length());
        int from = 0;
        if (line.length() > MAX_SHOWN) {
            from = Math.max(0, Math.min(caret - MAX_SHOWN / 2, line.length() - MAX_SHOWN));
            line = line.substring(from, Math.min(line.length(), from + MAX_SHOWN));
            caret -= from;
        }
        line = printable(line);
        out.append(line).append('\n');
        for (int i = 0; i < caret; i++) {
            out.append(line.charAt(i) == '\t' ? '\t' : ' ');
        }
        return out.append("^\n").toString();
    }

    /** Control characters would garble the terminal; each shows as one '?' so the caret stays aligned. */
    private static String printable(String line) {
        StringBuilder s = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            s.append(c == '\t' || !Character.isISOControl(c) ? c : '?');
        }
        return s.toString();
    }
}
