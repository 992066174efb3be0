package dev.nnc.runtime.cpu;

/**
 * Single-precision matrix products on the CPU, the kernels generated dense layers call
 * (and convolutions, once lowered to matrix products).
 *
 * <p>Every matrix is row-major inside a flat {@code float[]}: element (i, j) of a matrix stored with
 * offset {@code off} and leading dimension {@code ld} is {@code array[off + i * ld + j]}, and
 * {@code ld} is at least the stored row length. The three variants are the three a dense layer
 * needs, named after BLAS's transpose flags (N: as stored, T: transposed):
 *
 * <pre>
 *   nn: C[m×n] (+)= A[m×k] · B[k×n]            dX = dY · W
 *   nt: C[m×n] (+)= A[m×k] · Bᵀ, B stored n×k   y  = x · Wᵀ   (W in PyTorch layout [out, in])
 *   tn: C[m×n] (+)= Aᵀ · B, A stored k×m        dW = dYᵀ · x
 * </pre>
 *
 * Convolutions are products with their input's sliding windows ({@link #nnWindows}, {@link #ntWindows},
 * {@link #tnWindows}).
 *
 * <p>With {@code accumulate} false, C is overwritten and its old contents are never read (they may be
 * garbage or NaN); with {@code accumulate} true, the product is added to C (BLAS beta = 1).
 *
 * <p>Implementations are thread-safe: concurrent calls on one instance are correct (a call that
 * finds the instance's worker threads busy runs on its own thread). An instance owns a small pool of
 * daemon threads, so create one and keep it; {@link #get()} is the shared one.
 */
public interface Gemm {

    /** C[m×n] (+)= A[m×k] · B[k×n]. */
    void nn(int m, int n, int k,
            float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc,
            boolean accumulate);

    /** C[m×n] (+)= A[m×k] · Bᵀ, where B is stored n×k. */
    void nt(int m, int n, int k,
            float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc,
            boolean accumulate);

    /** C[m×n] (+)= Aᵀ · B[k×n], where A is stored k×m. */
    void tn(int m, int n, int k,
            float[] a, int aOff, int lda,
            float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc,
            boolean accumulate);

    /**
     * C = Aᵀ · B[k×n], A stored k×m, as {@link #tn} computes it (the same values), handed to {@code sink} a block at a
     * time instead of stored, each block a run of consecutive elements (whole rows where the implementation can): a dense
     * layer's weight gradient goes straight into its optimizer's update, so that it never passes through memory whole
     * (CNN fc1: 12.8 MB written, then read back by the update, every step). Every element is passed exactly once. Blocks are passed on this instance's threads, several at once, so the sink must be
     * safe for concurrent calls on disjoint elements. {@code scratch} (m × n) is where an implementation computes C first
     * for shapes it has no fused form for; its contents afterwards are unspecified.
     */
    void tnInto(int m, int n, int k,
                float[] a, int aOff, int lda,
                float[] b, int bOff, int ldb,
                float[] scratch, GradientSink sink);

    /** Receives a matrix from {@link #tnInto}, a block at a time. */
    interface GradientSink {
        /** Elements [at, at + length) of the matrix (row-major, m × n) are grad[from, from + length). */
        void accept(float[] grad, int from, int at, int length);
    }

    /**
     * A convolution's forward product, per example: for e in [0, count), C_e[m × w.positions()] (+)= A[m × w.rows()] ·
     * the windows of input e ({@link Windows}), formed while packing and never stored. Input e starts at
     * {@code inOff + e·inStride}; C_e at {@code cOff + e·cStride}, rows w.positions() long, contiguous.
     */
    void nnWindows(int m, float[] a, int aOff, int lda, Windows w,
                   float[] in, int inOff, int inStride,
                   float[] c, int cOff, int cStride, int count, boolean accumulate);

    /**
     * A convolution's weight gradient, summed over examples: C[m × w.rows()] (+)= Σ_e A_e[m × w.positions()] ·
     * (the windows of input e)ᵀ over e in [0, count). A_e starts at {@code aOff + e·aStride}, its rows
     * w.positions() long, contiguous; input e at {@code inOff + e·inStride}; C's rows are w.rows() long.
     */
    void ntWindows(int m, float[] a, int aOff, int aStride, Windows w,
                   float[] in, int inOff, int inStride,
                   float[] c, int cOff, int count, boolean accumulate);

    /**
     * {@link #ntWindows} where a max pooling is all that reads the convolution's output: the output gradient A_e is zero
     * but where the pooling sent its gradient, so only those elements are read. G_e, from {@code gOff + e·gStride},
     * holds m planes of {@code gStride / m} values, plane f what the pooling sent back through filter f (its gradient,
     * times the ReLU's derivative where a ReLU lies between); {@code argmax} at the same index names the element of the
     * convolution's output that value goes to, counted from an array whose example e starts at {@code e·outStride}, filter
     * f's plane at {@code f·w.positions()} within it. Elements that several values name get their sum. C[m × w.rows()]
     * (+)= Σ_e A_e · (the windows of input e)ᵀ, without A_e: the pooling's scatter into it, its zeroing and every product
     * with its zeros are skipped (2 × 2 pooling: a quarter of dY's elements, and a convolution's weight gradient four
     * times shallower).
     */
    void ntWindowsPooled(int m, float[] g, int[] argmax, int gOff, int gStride, int outStride, Windows w,
                         float[] in, int inOff, int inStride, float[] c, int cOff, int count, boolean accumulate);

    /**
     * A convolution's input gradient, per example: for e in [0, count), the window gradients Aᵀ[w.rows() × m] · G_e[m ×
     * w.positions()] folded back onto the input they were read from (each window element's gradient added where the
     * element came from; padding's dropped), into D_e (+)= that. A is the weights, m × w.rows() with leading dimension
     * {@code lda}; G_e, the output's gradient, starts at {@code gOff + e·gStride}, rows w.positions() long, contiguous;
     * D_e, w.inputSize() values laid out as the input, at {@code dOff + e·dStride}. The window gradients are never
     * stored whole.
     */
    void tnWindows(int m, float[] a, int aOff, int lda, Windows w,
                   float[] g, int gOff, int gStride,
                   float[] d, int dOff, int dStride, int count, boolean accumulate);

    /**
     * a[from]² + … + a[to − 1]² in float, summed in an order of the implementation's own, the same on every call: an L2
     * term's block ({@link SumOfSquares}). The Vector API one is about 5× faster than a scalar loop.
     */
    float sumOfSquares(float[] a, int from, int to);

    /** The number of threads one call may use. */
    int threads();

    /**
     * From the next call on, uses at most {@code threads} of this instance's {@link #threads()} (clamped to 1 ..
     * threads()): a training loop leaves the JIT compiler a core while it compiles the loop's code. Results do not
     * depend on it.
     */
    void useThreads(int threads);

    /** Work over the examples [from, to) of a batch; {@code part} is in [0, {@link #threads()}), one per concurrent range. */
    interface Range {
        void run(int from, int to, int part);
    }

    /**
     * Splits [0, n) into at most {@link #threads()} contiguous ranges and runs {@code body} on each,
     * in parallel on this instance's threads; returns when all are done. Matrix products that
     * {@code body} calls on this instance run on the thread that calls them, so the cores are not
     * oversubscribed. Nothing is allocated. When the threads are busy with another caller, the whole
     * range runs on the calling thread as part 0.
     */
    void forEachRange(int n, Range body);

    /**
     * The fastest implementation present, shared, using {@link #defaultThreads()} threads: the
     * Vector API one when the JVM was started with {@code --add-modules jdk.incubator.vector},
     * otherwise the scalar one (and a line on stderr says how to enable the fast path).
     */
    static Gemm get() {
        return GemmProvider.shared();
    }

    /** A new Vector API implementation; fails when {@code jdk.incubator.vector} is not present. */
    static Gemm vector(int threads) {
        return GemmProvider.vector(threads);
    }

    /** A new scalar implementation, plain Java loops. */
    static Gemm scalar(int threads) {
        return new ScalarGemm(threads);
    }

    /** The system property {@code nnc.cpu.threads} if set, otherwise the number of processors. */
    static int defaultThreads() {
        return GemmProvider.defaultThreads();
    }
}
