package dev.nnc.runtime.train;

import dev.nnc.runtime.cpu.Gemm;
import dev.nnc.runtime.opencl.OpenCl;
import java.lang.reflect.InvocationTargetException;
import java.util.function.IntFunction;

/**
 * The device a run trains on: {@code --device gpu|opencl-cpu|java}, or by default the fastest present —
 * a GPU through OpenCL when there is one, else the Java backend, which on a CPU is an order of magnitude
 * faster than OpenCL there.
 */
final class Devices {
    private Devices() {}

    /** A chosen device: {@code java}, {@code gpu} or {@code opencl-cpu}. */
    record Choice(String kind, String description) {

        Trainable trainer(IntFunction<Trainable> javaTrainer, String openClTrainer, int maxBatch) {
            if (kind.equals("java")) {
                return javaTrainer.apply(maxBatch);
            }
            try {
                return (Trainable) load(openClTrainer, javaTrainer).getConstructor(int.class, String.class).newInstance(maxBatch, kind);
            } catch (InvocationTargetException e) {
                throw new TrainingLoop.TrainingException("cannot start the OpenCL backend: " + e.getCause().getMessage());
            } catch (ReflectiveOperationException e) {
                throw new TrainingLoop.TrainingException("cannot load the OpenCL trainer " + openClTrainer + ": " + e);
            }
        }
    }

    /** The OpenCL trainer, from the Java trainer's class loader or else the thread's (nnc train compiles in memory). */
    private static Class<?> load(String name, Object javaTrainer) throws ClassNotFoundException {
        try {
            return Class.forName(name, true, javaTrainer.getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        }
    }

    static Choice choose(String requested, String openClTrainer) {
        String kind = requested == null ? (openClTrainer != null && OpenCl.gpuPresent() ? "gpu" : "java") : requested;
        switch (kind) {
            case "java" -> {
                Gemm gemm = Gemm.get();
                return new Choice("java", "java (matrix kernels: " + gemm + ")");
            }
            case "gpu", "opencl-cpu" -> {
                if (openClTrainer == null) {
                    throw new TrainingLoop.TrainingException("--device " + kind + ": this trainer was generated without the OpenCL backend");
                }
                if (!OpenCl.onClassPath()) {
                    throw new TrainingLoop.TrainingException("--device " + kind + " needs Aparapi (com.aparapi:aparapi) on the class path");
                }
                try {
                    return new Choice(kind, kind + ": " + OpenCl.describe(OpenCl.device(kind)));
                } catch (IllegalStateException e) {
                    throw new TrainingLoop.TrainingException("--device " + kind + ": " + e.getMessage());
                }
            }
            default -> throw new TrainingLoop.TrainingException("unknown device `" + kind + "`; expected java, gpu or opencl-cpu");
        }
    }
}
