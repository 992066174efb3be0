import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.MemorySegment;
import jdk.incubator.foreign.ResourceScope;
import jdk.incubator.foreign.SymbolLookup;

/**
 * OpenBLAS's float GEMM ({@code cblas_sgemm}, row-major) called in this JVM through the foreign linker, so that
 * {@link KernelBench} can time it alternately with nnc's products on the same threads' moments of the machine.
 */
final class OpenBlas {
    private static final int ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112;
    /** Where Debian's libopenblas0-pthread puts the library; the alternatives link next to it as a fallback. */
    static final Path[] LIBRARIES = {Path.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0"),
            Path.of("/usr/lib/x86_64-linux-gnu/libopenblas.so.0")};

    private final MethodHandle sgemm;

    private OpenBlas(MethodHandle sgemm) {
        this.sgemm = sgemm;
    }

    /** OpenBLAS on {@code threads} threads, or null when its library is not installed. */
    static OpenBlas load(int threads) throws Throwable {
        Path library = null;
        for (Path p : LIBRARIES) {
            if (library == null && Files.exists(p)) {
                library = p;
            }
        }
        if (library == null) {
            return null;
        }
        System.load(library.toString());
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        CLinker linker = CLinker.getInstance();
        MethodHandle setThreads = linker.downcallHandle(lookup.lookup("openblas_set_num_threads").orElseThrow(),
                MethodType.methodType(void.class, int.class), FunctionDescriptor.ofVoid(CLinker.C_INT));
        setThreads.invokeExact(threads);
        MethodHandle sgemm = linker.downcallHandle(lookup.lookup("cblas_sgemm").orElseThrow(),
                MethodType.methodType(void.class, int.class, int.class, int.class, int.class, int.class, int.class, float.class,
                        MemoryAddress.class, int.class, MemoryAddress.class, int.class, float.class, MemoryAddress.class, int.class),
                FunctionDescriptor.ofVoid(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT,
                        CLinker.C_FLOAT, CLinker.C_POINTER, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT, CLinker.C_FLOAT,
                        CLinker.C_POINTER, CLinker.C_INT));
        return new OpenBlas(sgemm);
    }

    /** C (m × n) = op(A) · op(B), all three in native memory, row-major and dense. */
    final class Product {
        private final boolean transA, transB;
        private final int m, n, k;
        private final MemoryAddress a, b, c;

        Product(boolean transA, boolean transB, int m, int n, int k, java.util.Random random) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            a = randomSegment((long) m * k, random);
            b = randomSegment((long) k * n, random);
            c = randomSegment((long) m * n, random);
        }

        void run() throws Throwable {
            sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, 1f,
                    a, transA ? m : k, b, transB ? k : n, 0f, c, n);
        }
    }

    private static MemoryAddress randomSegment(long floats, java.util.Random random) {
        float[] values = new float[Math.toIntExact(floats)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        MemorySegment segment = MemorySegment.allocateNative(floats * Float.BYTES, 64, ResourceScope.globalScope());
        segment.copyFrom(MemorySegment.ofArray(values));
        return segment.address();
    }
}
