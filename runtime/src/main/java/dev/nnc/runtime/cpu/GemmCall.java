package dev.nnc.runtime.cpu;

/**
 * The arguments of one matrix product and how it is split between threads. Each calling thread
 * reuses one instance (see {@link ParallelGemm}), so a call allocates nothing; worker threads read
 * it while the caller waits for them.
 *
 * <p>The product is C[m×n] (+)= op(A)·op(B) with op(A) m×k and op(B) k×n; {@link #a(int, int)} and
 * {@link #b(int, int)} read op(A) and op(B) whichever way A and B are stored.
 */
final class GemmCall implements WorkerPool.Job {

    ParallelGemm owner;
    int m, n, k;
    float[] a, b, c;
    int aOff, lda, bOff, ldb, cOff, ldc;
    /** A is stored k×m (the {@code tn} variant). */
    boolean aTransposed;
    /** B is stored n×k (the {@code nt} variant). */
    boolean bTransposed;
    boolean accumulate;
    /** A {@link Gemm#tnInto} that {@link ParallelGemm#sinksBlocks}: C's blocks go to it, not to {@code c}; else null. */
    Gemm.GradientSink sink;
    /** A {@code tn} product whose A is mostly zeros, computed from A's nonzeros alone ({@link ParallelGemm#sparseA}). */
    boolean sparseA;

    /** A product with sliding windows (B is the windows of an input, see {@link Windows}); else null. */
    Windows windows;
    /** Windows products: how many examples, and how far apart consecutive examples' A, input (B) and C lie. */
    int count, aStride, bStride, cStride;

    /** Split C by rows (true) or by columns, in units of {@code unit} rows or columns. */
    boolean splitRows;
    int unit;
    /** Windows products: split the examples between the threads instead of C. */
    boolean splitExamples;
    /** A weight gradient split by examples: part p's sum (p ≥ 1), in that worker's buffer. */
    float[][] partials = new float[0][];

    void set(ParallelGemm owner, boolean aTransposed, boolean bTransposed, int m, int n, int k,
             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
             float[] c, int cOff, int ldc, boolean accumulate) {
        this.owner = owner;
        this.aTransposed = aTransposed;
        this.bTransposed = bTransposed;
        this.m = m;
        this.n = n;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.b = b;
        this.bOff = bOff;
        this.ldb = ldb;
        this.c = c;
        this.cOff = cOff;
        this.ldc = ldc;
        this.accumulate = accumulate;
        this.sink = null;
        this.sparseA = false;
        this.splitRows = true;
        this.unit = 1;
        this.windows = null;
        this.count = 1;
        this.splitExamples = false;
    }

    /** Makes this a windows product over {@code count} examples (after {@link #set}). */
    void setWindows(Windows windows, int count, int aStride, int bStride, int cStride) {
        this.windows = windows;
        this.count = count;
        this.aStride = aStride;
        this.bStride = bStride;
        this.cStride = cStride;
    }

    /** Drops the array references, so a thread's idle instance does not keep large arrays alive. */
    void clear() {
        owner = null;
        a = b = c = null;
        windows = null;
        sink = null;
    }

    /** op(A)(i, p). */
    float a(int i, int p) {
        return aTransposed ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    /** op(B)(p, j). */
    float b(int p, int j) {
        return bTransposed ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Part {@code part} of {@code parts} gets a contiguous run of whole units of rows or columns. */
    @Override
    public void runPart(int part, int parts) {
        if (splitExamples) {
            int from = (int) ((long) count * part / parts), to = (int) ((long) count * (part + 1) / parts);
            if (bTransposed && part > 0) { // a weight gradient: this part's sum, added to C by the caller
                partials[part] = owner.partialSum(m * n);
                owner.computeWindows(this, from, to, 0, m, 0, n, partials[part], 0, false);
            } else if (from < to) {
                owner.computeWindows(this, from, to, 0, m, 0, n, c, cOff, accumulate);
            }
            return;
        }
        int extent = splitRows ? m : n;
        int units = (extent + unit - 1) / unit;
        int from = Math.min(extent, (int) ((long) units * part / parts) * unit);
        int to = Math.min(extent, (int) ((long) units * (part + 1) / parts) * unit);
        if (from >= to) {
            return;
        }
        if (windows != null) {
            owner.computeWindows(this, 0, count, splitRows ? from : 0, splitRows ? to : m, splitRows ? 0 : from, splitRows ? n : to,
                    c, cOff, accumulate);
        } else if (splitRows) {
            owner.computeBlock(this, from, to, 0, n);
        } else {
            owner.computeBlock(this, 0, m, from, to);
        }
    }
}
