package dev.nnc.runtime.cpu;

/**
 * What both implementations share: argument checks, the trivial cases, and splitting C between the
 * threads of a {@link WorkerPool}. Subclasses compute one rectangle of C with {@link #computeBlock}.
 *
 * <p>C is split by rows or by columns: each part packs its share of one operand and all of the other, so
 * the split that repeats the smaller operand is taken when it leaves at least four tiles a thread, else the
 * one with more tiles (a 10×784 weight gradient is split by columns). Products
 * smaller than {@code minParallelWork} multiply-adds run on the calling thread: waking a worker
 * costs more than they take.
 */
abstract class ParallelGemm implements Gemm {

    // One per calling thread, reused by every call on any instance: calls do not allocate.
    private static final ThreadLocal<GemmCall> CALLS = ThreadLocal.withInitial(GemmCall::new);
    private static final ThreadLocal<UnrolledWindows> UNROLLED = ThreadLocal.withInitial(UnrolledWindows::new);
    private static final ThreadLocal<float[][]> PARTIAL_SUMS = ThreadLocal.withInitial(() -> new float[1][0]);
    private static final ThreadLocal<RangeJob> RANGES = ThreadLocal.withInitial(RangeJob::new);
    private static final ThreadLocal<PooledCall> POOLED = ThreadLocal.withInitial(PooledCall::new);
    private static final ThreadLocal<SinkRange> SINK_RANGES = ThreadLocal.withInitial(SinkRange::new);

    private final WorkerPool pool;
    /** {@link #useThreads}: the threads calls split their work between, at most the pool's. */
    private volatile int inUse;
    private final long minParallelWork;
    private final int rowTile;
    private final int colTile;

    ParallelGemm(int threads, long minParallelWork, int rowTile, int colTile, String name) {
        this.pool = new WorkerPool(threads, name);
        this.inUse = pool.threads();
        this.minParallelWork = minParallelWork;
        this.rowTile = rowTile;
        this.colTile = colTile;
    }

    /** Computes rows [rowFrom, rowTo) × columns [colFrom, colTo) of C; {@code call.k > 0}. */
    abstract void computeBlock(GemmCall call, int rowFrom, int rowTo, int colFrom, int colTo);

    /**
     * Computes examples [e0, e1) of a windows product, rows [rowFrom, rowTo) × columns [colFrom, colTo) of each C,
     * into {@code c} at {@code cOff} (the call's C, or a partial sum). This one unrolls each example's windows into a
     * buffer and multiplies that with {@link #computeBlock}.
     */
    void computeWindows(GemmCall call, int e0, int e1, int rowFrom, int rowTo, int colFrom, int colTo,
                        float[] c, int cOff, boolean accumulate) {
        UnrolledWindows u = UNROLLED.get();
        Windows w = call.windows;
        float[] cols = u.buffer(w.rows() * w.positions());
        float[] padded = u.padded(w.paddedSize());
        try {
            if (call.aTransposed) { // the input gradient: each example's window gradients, then folded back
                for (int e = e0; e < e1; e++) {
                    u.call.set(this, true, false, call.m, call.n, call.k, call.a, call.aOff, call.lda,
                            call.b, call.bOff + e * call.bStride, call.ldb, cols, 0, w.positions(), false);
                    computeBlock(u.call, 0, call.m, 0, call.n);
                    w.fold(cols, padded, c, cOff + e * call.cStride, accumulate);
                }
                return;
            }
            for (int e = e0; e < e1; e++) {
                w.unroll(call.b, call.bOff + e * call.bStride, padded, cols, 0);
                // The weight gradient (B transposed) sums the examples into one C; the forward product has one C each.
                boolean sum = call.bTransposed;
                u.call.set(this, false, call.bTransposed, call.m, call.n, call.k, call.a, call.aOff + e * call.aStride, call.lda,
                        cols, 0, w.positions(), c, cOff + (sum ? 0 : e * call.cStride), call.ldc, accumulate || sum && e > e0);
                computeBlock(u.call, rowFrom, rowTo, colFrom, colTo);
            }
        } finally {
            u.call.clear();
        }
    }

    /** A thread's buffer for one example's unrolled windows, and the plain product over it. */
    private static final class UnrolledWindows {
        final GemmCall call = new GemmCall();
        private float[] cols = new float[0];
        private float[] padded = new float[0];

        float[] buffer(int size) {
            return cols = grown(cols, size);
        }

        float[] padded(int size) {
            return padded = grown(padded, size);
        }
    }

    /** {@code buffer}, or a new one when it is shorter than {@code size}: scratch grown to the largest call seen. */
    static float[] grown(float[] buffer, int size) {
        return buffer.length < size ? new float[size] : buffer;
    }

    /** {@link #grown(float[], int)} for an int buffer. */
    static int[] grown(int[] buffer, int size) {
        return buffer.length < size ? new int[size] : buffer;
    }

    /** This thread's buffer for a part's sum of a weight gradient split by examples, at least {@code size} long. */
    final float[] partialSum(int size) {
        float[][] holder = PARTIAL_SUMS.get();
        return holder[0] = grown(holder[0], size);
    }

    /**
     * Whether the implementation computes this product from A's nonzeros alone, splitting C by rows. Decided once a call,
     * before it is split; the results are the same either way (a sum skips only terms that add zero).
     */
    boolean sparseA(GemmCall call) {
        return false;
    }

    /** Computes all of C on the calling thread when the implementation has a better way for its shape; else false. */
    boolean computeFewRows(GemmCall call) {
        return false;
    }

    @Override
    public float sumOfSquares(float[] a, int from, int to) {
        return Sums.sumOfSquares(a, from, to);
    }

    @Override
    public final int threads() {
        return pool.threads();
    }

    @Override
    public final void useThreads(int threads) {
        inUse = Math.max(1, Math.min(threads, pool.threads()));
    }

    @Override
    public final void forEachRange(int n, Range body) {
        if (n < 0) {
            throw new IllegalArgumentException("forEachRange: negative count " + n);
        }
        int parts = Math.min(n, inUse);
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

    /** One {@link #ntWindowsPooled} call: part p of P sums examples [count·p/P, count·(p+1)/P) into a buffer of its own. */
    static final class PooledCall implements WorkerPool.Job {
        private ParallelGemm owner;
        int m, gOff, gStride, outStride, inOff, inStride, count;
        float[] g, in;
        int[] argmax;
        Windows windows;
        float[][] sums = new float[0][];

        void set(ParallelGemm owner, int m, float[] g, int[] argmax, int gOff, int gStride, int outStride, Windows w, float[] in,
                 int inOff, int inStride, int count) {
            this.owner = owner;
            this.m = m;
            this.g = g;
            this.argmax = argmax;
            this.gOff = gOff;
            this.gStride = gStride;
            this.outStride = outStride;
            this.windows = w;
            this.in = in;
            this.inOff = inOff;
            this.inStride = inStride;
            this.count = count;
        }

        void clear() {
            owner = null;
            g = in = null;
            argmax = null;
            windows = null;
        }

        /** Grows the parts' buffers on the calling thread, before the workers see them (they would race to grow the array). */
        void prepare(int parts) {
            if (sums.length < parts) {
                sums = java.util.Arrays.copyOf(sums, parts);
            }
            int size = m * windows.rows();
            for (int part = 0; part < parts; part++) {
                if (sums[part] == null || sums[part].length < size) {
                    sums[part] = new float[size];
                }
            }
        }

        @Override
        public void runPart(int part, int parts) {
            float[] sum = sums[part];
            java.util.Arrays.fill(sum, 0, m * windows.rows(), 0f);
            owner.pooledWeightGradient(this, (int) ((long) count * part / parts), (int) ((long) count * (part + 1) / parts), sum);
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
        product(false, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, null);
    }

    @Override
    public final void nt(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkMatrix("nt", "A", m, k, a, aOff, lda);
        checkMatrix("nt", "B", n, k, b, bOff, ldb);
        checkMatrix("nt", "C", m, n, c, cOff, ldc);
        product(false, true, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, null);
    }

    @Override
    public final void tn(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate) {
        checkMatrix("tn", "A", k, m, a, aOff, lda);
        checkMatrix("tn", "B", k, n, b, bOff, ldb);
        checkMatrix("tn", "C", m, n, c, cOff, ldc);
        product(true, false, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate, null);
    }

    @Override
    public final void tnInto(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] scratch, GradientSink sink) {
        checkMatrix("tnInto", "A", k, m, a, aOff, lda);
        checkMatrix("tnInto", "B", k, n, b, bOff, ldb);
        checkMatrix("tnInto", "the scratch C", m, n, scratch, 0, Math.max(1, n));
        if (k > 0 && sinksBlocks(k)) {
            product(true, false, m, n, k, a, aOff, lda, b, bOff, ldb, scratch, 0, n, false, sink);
            return;
        }
        product(true, false, m, n, k, a, aOff, lda, b, bOff, ldb, scratch, 0, Math.max(1, n), false, null);
        SinkRange range = SINK_RANGES.get();
        range.sink = sink;
        range.c = scratch;
        try {
            forEachRange(m * n, range);
        } finally {
            range.sink = null;
            range.c = null;
        }
    }

    /**
     * Whether {@link #computeBlock} hands a {@code tn} product of depth k to the call's sink itself; else {@link #tnInto}
     * stores C and passes it on in ranges.
     */
    boolean sinksBlocks(int k) {
        return false;
    }

    /** {@link #tnInto}'s stored C passed on: elements [from, to) of it. */
    private static final class SinkRange implements Range {
        GradientSink sink;
        float[] c;

        @Override
        public void run(int from, int to, int part) {
            if (from < to) {
                sink.accept(c, from, from, to - from);
            }
        }
    }

    @Override
    public final void nnWindows(int m, float[] a, int aOff, int lda, Windows w, float[] in, int inOff, int inStride,
                                float[] c, int cOff, int cStride, int count, boolean accumulate) {
        int k = w.rows(), n = w.positions();
        checkMatrix("nnWindows", "A", m, k, a, aOff, lda);
        checkExamples("nnWindows", "the input", in.length, inOff, inStride, w.inputSize(), count);
        checkExamples("nnWindows", "C", c.length, cOff, cStride, m * n, count);
        if (m == 0 || count == 0) {
            return;
        }
        GemmCall call = CALLS.get();
        call.set(this, false, false, m, n, k, a, aOff, lda, in, inOff, n, c, cOff, n, accumulate);
        call.setWindows(w, count, 0, inStride, cStride);
        runWindows(call);
    }

    @Override
    public final void ntWindows(int m, float[] a, int aOff, int aStride, Windows w, float[] in, int inOff, int inStride,
                                float[] c, int cOff, int count, boolean accumulate) {
        int k = w.positions(), n = w.rows();
        checkExamples("ntWindows", "A", a.length, aOff, aStride, m * k, count);
        checkExamples("ntWindows", "the input", in.length, inOff, inStride, w.inputSize(), count);
        checkMatrix("ntWindows", "C", m, n, c, cOff, n);
        if (m == 0) {
            return;
        }
        if (count == 0) { // an empty sum
            if (!accumulate) {
                java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
            }
            return;
        }
        GemmCall call = CALLS.get();
        call.set(this, false, true, m, n, k, a, aOff, k, in, inOff, k, c, cOff, n, accumulate);
        call.setWindows(w, count, aStride, inStride, 0);
        runWindows(call);
    }

    @Override
    public final void ntWindowsPooled(int m, float[] g, int[] argmax, int gOff, int gStride, int outStride, Windows w,
                                      float[] in, int inOff, int inStride, float[] c, int cOff, int count, boolean accumulate) {
        int rows = w.rows();
        if (m < 1 || gStride % m != 0) {
            throw new IllegalArgumentException("ntWindowsPooled: " + gStride + " pooled values an example for " + m + " filters");
        }
        checkExamples("ntWindowsPooled", "G", g.length, gOff, gStride, gStride, count);
        checkExamples("ntWindowsPooled", "the arg-max", argmax.length, gOff, gStride, gStride, count);
        checkExamples("ntWindowsPooled", "the input", in.length, inOff, inStride, w.inputSize(), count);
        checkMatrix("ntWindowsPooled", "C", m, rows, c, cOff, rows);
        PooledCall call = POOLED.get();
        call.set(this, m, g, argmax, gOff, gStride, outStride, w, in, inOff, inStride, count);
        try {
            // parts fixed by the shape, not by useThreads, and summed in order: the same result on any schedule
            int parts = (long) count * gStride * rows < minParallelWork ? 1 : Math.min(count, pool.threads());
            call.prepare(parts);
            if (parts == 1 || !pool.tryRun(call, parts)) {
                for (int part = 0; part < parts; part++) {
                    call.runPart(part, parts);
                }
            }
            for (int part = 0; part < parts; part++) {
                float[] sum = call.sums[part];
                for (int i = 0; i < m * rows; i++) {
                    c[cOff + i] = accumulate || part > 0 ? c[cOff + i] + sum[i] : sum[i];
                }
            }
        } finally {
            call.clear();
        }
    }

    /**
     * Σ over examples [e0, e1) of a {@link #ntWindowsPooled} call into {@code sum} (m × rows, zero): every value the
     * pooling sent times its window, in plain loops; the Vector API implementation has its own.
     */
    void pooledWeightGradient(PooledCall call, int e0, int e1, float[] sum) {
        Windows w = call.windows;
        int rows = w.rows(), positions = w.positions(), perFilter = call.gStride / call.m;
        int[] rowOffset = w.rowOffset, positionOffset = w.positionOffset;
        float[] padded = UNROLLED.get().padded(w.paddedSize());
        for (int e = e0; e < e1; e++) {
            w.pad(call.in, call.inOff + e * call.inStride, padded);
            for (int f = 0; f < call.m; f++) {
                int base = e * call.outStride + f * positions;
                for (int j = call.gOff + e * call.gStride + f * perFilter, end = j + perFilter; j < end; j++) {
                    float s = call.g[j];
                    int at = positionOffset[call.argmax[j] - base];
                    for (int t = 0; t < rows; t++) {
                        sum[f * rows + t] += s * padded[rowOffset[t] + at];
                    }
                }
            }
        }
    }

    @Override
    public final void tnWindows(int m, float[] a, int aOff, int lda, Windows w, float[] g, int gOff, int gStride,
                                float[] d, int dOff, int dStride, int count, boolean accumulate) {
        int rows = w.rows(), n = w.positions();
        checkMatrix("tnWindows", "A", m, rows, a, aOff, lda);
        checkExamples("tnWindows", "G", g.length, gOff, gStride, m * n, count);
        checkExamples("tnWindows", "D", d.length, dOff, dStride, w.inputSize(), count);
        if (count == 0) {
            return;
        }
        if (m == 0) { // every window gradient is an empty sum
            if (!accumulate) {
                for (int e = 0; e < count; e++) {
                    java.util.Arrays.fill(d, dOff + e * dStride, dOff + e * dStride + w.inputSize(), 0f);
                }
            }
            return;
        }
        GemmCall call = CALLS.get();
        call.set(this, true, false, rows, n, m, a, aOff, lda, g, gOff, n, d, dOff, n, accumulate);
        call.setWindows(w, count, 0, gStride, dStride);
        runWindows(call);
    }

    /**
     * The products split the examples between the threads (one example: its C): the forward product's parts write
     * their own examples' C; the weight gradient's parts after the first sum into buffers of their own, added to C
     * at the end. Each thread then packs only its own examples' operands. The input gradient's folds of one example
     * overlap, so it is split by examples only.
     */
    private void runWindows(GemmCall call) {
        try {
            int parts;
            // a weight gradient split by examples adds its parts' sums in part order: it keeps all threads, so that
            // useThreads changes no result
            int threads = call.bTransposed ? pool.threads() : inUse;
            if (threads == 1 || (long) call.m * call.n * call.k * call.count < minParallelWork
                    || call.aTransposed && call.count == 1) {
                parts = 1;
            } else if (call.count >= threads || !call.bTransposed && call.count > 1) {
                call.splitExamples = true;
                parts = Math.min(threads, call.count);
                if (call.partials.length < parts) {
                    call.partials = new float[parts][];
                }
            } else {
                parts = split(call);
            }
            if (parts == 1 || !pool.tryRun(call, parts)) {
                computeWindows(call, 0, call.count, 0, call.m, 0, call.n, call.c, call.cOff, call.accumulate);
            } else if (call.splitExamples && call.bTransposed) {
                int size = call.m * call.n;
                for (int part = 1; part < parts; part++) {
                    float[] partial = call.partials[part];
                    for (int i = 0; i < size; i++) {
                        call.c[call.cOff + i] += partial[i];
                    }
                    call.partials[part] = null;
                }
            }
        } finally {
            call.clear();
        }
    }

    private void product(boolean aTransposed, boolean bTransposed, int m, int n, int k,
                         float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                         float[] c, int cOff, int ldc, boolean accumulate, GradientSink sink) {
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
        call.sink = sink;
        call.sparseA = sparseA(call);
        try {
            if (sink == null && computeFewRows(call)) {
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
        int threads = inUse;
        if (threads == 1 || (long) call.m * call.n * call.k * call.count < minParallelWork) {
            return 1;
        }
        int rowUnits = (call.m + rowTile - 1) / rowTile;
        int colUnits = (call.n + colTile - 1) / colTile;
        if (call.sink != null || call.sparseA) { // whole rows of C: a sink's ranges of consecutive elements, A's nonzeros by row
            call.splitRows = true;
            call.unit = rowTile;
            return Math.min(threads, rowUnits);
        }
        // Each part packs its own share of one operand and all of the other: split the rows when B is the smaller
        // operand, the columns when A is, as long as that leaves enough tiles to balance the parts.
        boolean aSmaller = call.m < call.n, balanced = (aSmaller ? colUnits : rowUnits) >= 4 * threads;
        call.splitRows = balanced && call.m != call.n ? !aSmaller : rowUnits >= colUnits;
        call.unit = call.splitRows ? rowTile : colTile;
        return Math.min(threads, Math.max(rowUnits, colUnits));
    }

    /** {@code count} blocks of {@code size} values, the first at {@code off}, {@code stride} apart, fit the array. */
    private static void checkExamples(String op, String name, int length, int off, int stride, int size, int count) {
        if (count < 0 || off < 0 || count > 1 && stride < size) {
            throw new IllegalArgumentException(String.format(
                    "%s: %s has %d examples of %d values at offset %d, %d apart", op, name, count, size, off, stride));
        }
        long end = count == 0 ? 0 : off + (long) (count - 1) * stride + size;
        if (end > length) {
            throw new IndexOutOfBoundsException(String.format(
                    "%s: %s has %d examples of %d values %d apart at offset %d: needs %d values, the array has %d",
                    op, name, count, size, stride, off, end, length));
        }
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
