package dev.nnc.runtime.train;

import java.io.PrintStream;

/**
 * One status line per epoch, redrawn in place on a terminal: a bar, the running loss and the
 * throughput. Written by hand rather than with a progress-bar library because the runtime carries
 * no dependencies (generated inference code must run on nnc-runtime alone).
 */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintStream out;
    private final boolean interactive;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();
    private long lastDraw;

    Progress(PrintStream out, boolean interactive, String label, int total) {
        this.out = out;
        this.interactive = interactive;
        this.label = label;
        this.total = total;
    }

    void update(int done, double loss, long examples) {
        long now = System.nanoTime();
        if (!interactive || (now - lastDraw < 100_000_000L && done < total)) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * done / Math.max(1, total));
        out.printf("\r%s [%s%s] %d/%d loss %.4f %,.0f ex/s", label, "=".repeat(filled), " ".repeat(WIDTH - filled),
                done, total, loss, examples / seconds());
        out.flush();
    }

    void finish(String summary) {
        if (interactive) {
            out.print("\r\033[2K");
        }
        out.println(label + " " + summary);
    }

    double seconds() {
        return Math.max(1e-9, (System.nanoTime() - start) / 1e9);
    }
}
