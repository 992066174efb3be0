package dev.nnc.runtime.cpu;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Picks the {@link Gemm} implementation, Lucene's pattern: the Vector API one when the incubator
 * module is in the boot layer, the scalar one otherwise.
 *
 * <p>{@link VectorGemm} is named only as a string and loaded by reflection: a JVM started without
 * {@code --add-modules jdk.incubator.vector} cannot resolve its references to
 * {@code jdk.incubator.vector}, and must never try to load it.
 */
final class GemmProvider {

    static final String MODULE = "jdk.incubator.vector";
    static final String THREADS_PROPERTY = "nnc.cpu.threads";
    private static final String VECTOR_CLASS = "dev.nnc.runtime.cpu.VectorGemm";
    private static final String VECTOR_UPDATES = "dev.nnc.runtime.cpu.VectorUpdates";
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private GemmProvider() {}

    /** The lazily created shared instance (holder idiom: created on first use of {@link #shared}). */
    private static final class Shared {
        static final Gemm INSTANCE = fastest(defaultThreads());
    }

    static Gemm shared() {
        return Shared.INSTANCE;
    }

    /** The {@link Updates} that go with {@link #shared}: the Vector API ones where it is the Vector API's. */
    static Updates updates() {
        if (!shared().getClass().getName().equals(VECTOR_CLASS)) {
            return Updates.scalar();
        }
        try {
            return (Updates) Class.forName(VECTOR_UPDATES).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + VECTOR_UPDATES, e);
        }
    }

    static int defaultThreads() {
        int threads = Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
        return Math.max(1, threads);
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    static Gemm fastest(int threads) {
        if (!vectorModulePresent()) {
            logOnce("nnc: using scalar matrix kernels; start java with --add-modules " + MODULE
                    + " for the Vector API ones (several times faster)");
            return new ScalarGemm(threads);
        }
        try {
            return vector(threads);
        } catch (UnsupportedOperationException e) {
            logOnce("nnc: using scalar matrix kernels: " + e.getMessage());
            return new ScalarGemm(threads);
        }
    }

    static Gemm vector(int threads) {
        if (!vectorModulePresent()) {
            throw new UnsupportedOperationException(
                    "the Vector API kernels need the JVM option --add-modules " + MODULE);
        }
        try {
            return (Gemm) Class.forName(VECTOR_CLASS)
                    .getDeclaredConstructor(int.class)
                    .newInstance(threads);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("cannot create " + VECTOR_CLASS, e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + VECTOR_CLASS, e);
        }
    }

    private static void logOnce(String message) {
        if (LOGGED.compareAndSet(false, true)) {
            System.err.println(message);
        }
    }
}
