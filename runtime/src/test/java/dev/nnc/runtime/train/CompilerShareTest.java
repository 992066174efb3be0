package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.runtime.cpu.Gemm;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The kernels give the compiler a thread while it is busy and the steps are short, and take it back after. */
class CompilerShareTest {
    private final Gemm gemm = Gemm.scalar(2);
    private long clock, compiled;

    @Test
    void aBusyCompilerGetsAThreadWhileStepsAreShortAndGivesItBack() {
        CompilerShare share = new CompilerShare(gemm, () -> compiled, () -> clock);
        assertEquals(2, partsUsed());
        window(share, 1_000_000, 3); // 8 steps of 1 ms, 3 ms of compilation among them: quiet
        assertEquals(2, partsUsed());
        window(share, 1_000_000, 4); // half the time compiling: busy
        assertEquals(1, partsUsed());
        window(share, 20_000_000, 200); // steps of 20 ms are mostly their own work, however busy the compiler
        assertEquals(2, partsUsed());
        window(share, 1_000_000, 8);
        assertEquals(1, partsUsed());
        share.release();
        assertEquals(2, partsUsed());
    }

    /** Eight steps of {@code stepNanos} with {@code compiling} milliseconds of compilation among them. */
    private void window(CompilerShare share, long stepNanos, long compiling) {
        clock += CompilerShare.WINDOW * stepNanos;
        compiled += compiling;
        for (int s = 0; s < CompilerShare.WINDOW; s++) {
            share.afterStep();
        }
    }

    /** How many of the Gemm's threads a range of work is split between now. */
    private int partsUsed() {
        AtomicIntegerArray parts = new AtomicIntegerArray(gemm.threads());
        gemm.forEachRange(100, (from, to, part) -> parts.incrementAndGet(part));
        int used = 0;
        for (int p = 0; p < parts.length(); p++) {
            used += parts.get(p);
        }
        return used;
    }
}
