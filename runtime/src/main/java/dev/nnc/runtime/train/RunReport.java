package dev.nnc.runtime.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code --result} reports of a run, for benchmarks beside other systems: the first epoch's training
 * time (evaluation excluded), the cold start from JVM start to the end of the first step, the peak
 * resident set, and the bytes allocated per step once warm, by every thread (the matrix kernels' workers too): from
 * step 21 to the epoch's end, and over the epoch's second half, which leaves out a Vector API kernel's first calls
 * if the JIT compiles it only later in the epoch (it allocates its vectors until then; bench/NOTES.md item 53).
 */
final class RunReport {
    /** Steps left out of the allocation count: class loading, JIT compilation and buffers made on first use. */
    static final int WARM_UP_STEPS = 20;
    /** Per-thread allocation counters, or null where the JVM has none. */
    private final com.sun.management.ThreadMXBean threads =
            ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()
                    ? t : null;

    private double epochSeconds = Double.NaN;
    private long epochExamples;
    private long lastStepOfFirstEpoch;
    /** The allocation counts' two windows: from the end of step 20, and from the middle of the first epoch. */
    private final Window fromWarm = new Window(WARM_UP_STEPS);
    private final Window secondHalf;

    private long firstStepEndMillis;
    /** An OpenCL device's profile of the first epoch (--profile), as JSON fields, or empty. */
    private String device = "";

    /**
     * Starts initialising the JVM's management beans in a daemon thread (on a cold JVM that takes 40 ms or more,
     * which the first step would otherwise pay, inside the cold start it measures); returns at once.
     */
    static void prepareInBackground() {
        Thread t = new Thread(() -> {
            ManagementFactory.getThreadMXBean();
            ManagementFactory.getRuntimeMXBean();
        }, "nnc-run-report");
        t.setDaemon(true);
        t.start();
    }

    /** {@code firstEpochSteps}: the steps of the first epoch. */
    RunReport(int firstEpochSteps) {
        secondHalf = new Window(Math.max(WARM_UP_STEPS, firstEpochSteps / 2));
    }

    void afterStep(long step, int epoch) {
        if (step == 1) {
            firstStepEndMillis = System.currentTimeMillis();
        }
        if (epoch == 0) {
            lastStepOfFirstEpoch = step;
            fromWarm.afterStep(step);
            secondHalf.afterStep(step);
        }
    }

    void firstEpoch(double seconds, long examples) {
        epochSeconds = seconds;
        epochExamples = examples;
        fromWarm.end(lastStepOfFirstEpoch);
        secondHalf.end(lastStepOfFirstEpoch);
    }

    /** Bytes allocated by all threads from the end of step {@code from} to the end of the first epoch, per step. */
    private final class Window {
        private final long from;
        private long[] threadIds;
        private long[] allocatedAtStart;
        private long perStep = -1;

        Window(long from) {
            this.from = from;
        }

        void afterStep(long step) {
            if (step == from && threads != null) {
                threadIds = threads.getAllThreadIds();
                allocatedAtStart = threads.getThreadAllocatedBytes(threadIds);
            }
        }

        void end(long lastStep) {
            if (threadIds != null && lastStep > from) {
                // the same threads at both ends: one that ended meanwhile (a warm-up) reports -1 and is left out
                long[] now = threads.getThreadAllocatedBytes(threadIds);
                long total = 0;
                for (int i = 0; i < now.length; i++) {
                    if (now[i] >= 0 && allocatedAtStart[i] >= 0) {
                        total += now[i] - allocatedAtStart[i];
                    }
                }
                perStep = total / (lastStep - from);
            }
        }
    }

    /** An OpenCL device's time a step in the first epoch: the step on the host's clock, its kernels and copies. */
    void deviceProfile(double stepMillis, double kernelMillis, double copyMillis, double bytesToDevice, double bytesToHost) {
        device = String.format(Locale.ROOT, ",\"device_step_ms\":%.3f,\"device_kernel_ms\":%.3f,\"device_copy_ms\":%.3f,"
                + "\"device_bytes_in_per_step\":%.0f,\"device_bytes_out_per_step\":%.0f", stepMillis, kernelMillis, copyMillis,
                bytesToDevice, bytesToHost);
    }

    String json(String model, String system, int batch, double accuracy) {
        double coldStartSeconds = (firstStepEndMillis - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        return String.format(Locale.ROOT, "RESULT {\"system\":\"nnc %s\",\"model\":\"%s\",\"batch\":%d,\"epoch_seconds\":%.2f,"
                        + "\"examples_per_second\":%.1f,\"test_accuracy\":%.4f,\"cold_start_seconds\":%.2f,\"peak_rss_mb\":%.1f,"
                        + "\"allocated_bytes_per_step\":%d,\"allocated_bytes_per_step_second_half\":%d%s}",
                system, model, batch, epochSeconds, epochExamples / epochSeconds, accuracy, coldStartSeconds, peakRssMb(),
                fromWarm.perStep, secondHalf.perStep, device);
    }

    /** VmHWM of /proc/self/status in MB; -1 off Linux. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
