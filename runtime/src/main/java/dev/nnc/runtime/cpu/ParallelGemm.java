package dev.nnc.runtime.cpu;

/**
 * What both implementations share: argument checks, the trivial cases, and splitting C between the
 * threads of a {@link WorkerPool}. Subclasses compute one rectangle of C with {@link #computeBlock}.
 *
 * <p>C is split by rows (each thread then reads all of B) unless it has more column tiles than row
 * tiles (a 10×784 weight gradient, say), where splitting by columns balances better. Products
 * smaller than {@code minParallelWork} multiply-adds run on the calling thread: waking a worker
 * costs more than they take.
 */
abstract class ParallelGemm implements Gemm {

    // One per calling thread, reused by every call on any instance: calls do not allocate.
    private static final ThreadLocal<GemmCall> CALLS = ThreadLocal.withInitial(GemmCall::new);
    private static final ThreadLocal<RangeJob> RANGES = ThreadLocal.withInitial(RangeJob::new);

    private final WorkerPool pool;
    private final long minParallelWork;
    private final int rowTile;
    private final int colTile;

    ParallelGemm(int threads, long minParallelWork, int rowTile, int colTile, String name) {
        this.pool = new WorkerPool(threads, name);
        this.minParallelWork = minParallelWork;
        this.rowTile = rowTile;
        this.colTile = colTile;
    }

    /** Computes rows [rowFrom, rowTo) × columns [colFrom, colTo) of C; {@code call.k > 0}. */
    abstract void computeBlock(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo);

    /** Computes all of C on the calling thread when the implementation has a better way for its shape; else false. */
    boolean computeFewRows(GemmCall call) {
        return false;
    }

    @Override
    public final int threads() {
        return pool.threads();
    }

    @Override
    public final void forEachRange(int n, Range body) {
        if (n < 0) {
            throw new IllegalArgumentException("forEachRange: negative count " + n);
        }
        int parts = Math.min(n, pool.threads());
        if (parts <= 1) {
            body.run(0, n, 0);
            return;
        }
        RangeJob job = RANGES.get();
        job.n = n;
        job.body = body;
        try {
            if (!pool.tryRun(job, parts)) {
                body.run(0, n, 0);
            }
        } finally {
            job.body = null;
        }
    }

    /** One {@link #forEachRange} call: part p of P covers [n·p/P, n·(p+1)/P). */
    private static final class RangeJob implements WorkerPool.Job {
        int n;
        Range body;

        @Override
        public void runPart(int part, int parts) {
            body.run((int) ((long) n * part / parts), (int) ((long) n * (part + 1) / parts), part);
        }
    }

    @Override
    public final void nn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkMatrix("nn", "A", m, k, a, aOff, lda);
        checkMatrix("nn", "B", k, n, b, bOff, ldb);
        checkMatrix("nn", "C", m, n, c, cOff, ldc);
        product(false, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public final void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkMatrix("nt", "A", m, k, a, aOff, lda);
        checkMatrix("nt", "B", n, k, b, bOff, ldb);
        checkMatrix("nt", "C", m, n, c, cOff, ldc);
        product(false, true, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    @Override
    public final void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkMatrix("tn", "A", k, m, a, aOff, lda);
        checkMatrix("tn", "B", k, n, b, bOff, ldb);
        checkMatrix("tn", "C", m, n, c, cOff, ldc);
        product(true, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    private void product(boolean aTransposed, boolean bTransposed, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // an empty sum: C = 0, or C unchanged
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        GemmCall call = CALLS.get();
        call.set(this, aTransposed, bTransposed, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        try {
            if (computeFewRows(call)) {
                return;
            }
            int parts = split(call);
            if (parts == 1 || !pool.tryRun(call, parts)) {
                computeBlock(call, 0, m, 0, n);
            }
        } finally {
            call.clear();
        }
    }

    /** Chooses how to split C and returns the number of parts. */
    private int split(GemmCall call) {
        if (pool.threads() == 1 || (long) call.m * call.n * call.k < minParallelWork) {
            return 1;
        }
        int rowUnits = (call.m + rowTile - 1) / rowTile;
        int colUnits = (call.n + colTile - 1) / colTile;
        call.splitRows = rowUnits >= colUnits;
        call.unit = call.splitRows ? rowTile : colTile;
        return Math.min(pool.threads(), Math.max(rowUnits, colUnits));
    }

    /** A matrix of rows×cols stored at {@code off} with leading dimension {@code ld} fits its array. */
    private static void checkMatrix(String op, String name, int rows, int cols, float[] array, int off, int ld) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(String.format(
                    "%s: %s has negative shape %dx%d", op, name, rows, cols));
        }
        if (off < 0 || ld < Math.max(1, cols)) {
            throw new IllegalArgumentException(String.format(
                    "%s: %s is %dx%d but has offset %d and leading dimension %d", op, name, rows, cols, off, ld));
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long end = off + (long) (rows - 1) * ld + cols;
        if (end > array.length) {
            throw new IndexOutOfBoundsException(String.format(
                    "%s: %s is %dx%d with leading dimension %d at offset %d: needs %d floats, the array has %d",
                    op, name, rows, cols, ld, off, end, array.length));
        }
    }
}
