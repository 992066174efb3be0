package dev.nnc.runtime.train;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code --result} reports of a run, for benchmarks beside other systems: the first epoch's training
 * time (evaluation excluded), the cold start from JVM start to the end of the first step, the peak
 * resident set, and the bytes allocated per step once warm, by every thread (the matrix kernels' workers too).
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
    private long[] threadsAtWarm;
    private long[] allocatedAtWarm;
    private long allocatedPerStep = -1;

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

    void afterStep(long step, int epoch) {
        if (step == 1) {
            firstStepEndMillis = System.currentTimeMillis();
        }
        if (epoch == 0) {
            lastStepOfFirstEpoch = step;
            if (step == WARM_UP_STEPS && threads != null) {
                threadsAtWarm = threads.getAllThreadIds();
                allocatedAtWarm = threads.getThreadAllocatedBytes(threadsAtWarm);
            }
        }
    }

    void firstEpoch(double seconds, long examples) {
        epochSeconds = seconds;
        epochExamples = examples;
        long warmSteps = lastStepOfFirstEpoch - WARM_UP_STEPS;
        if (threadsAtWarm != null && warmSteps > 0) {
            // the same threads at both ends: one that ended meanwhile (a warm-up) reports -1 and is left out
            long[] now = threads.getThreadAllocatedBytes(threadsAtWarm);
            long total = 0;
            for (int i = 0; i < now.length; i++) {
                if (now[i] >= 0 && allocatedAtWarm[i] >= 0) {
                    total += now[i] - allocatedAtWarm[i];
                }
            }
            allocatedPerStep = total / warmSteps;
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
                        + "\"allocated_bytes_per_step\":%d%s}",
                system, model, batch, epochSeconds, epochExamples / epochSeconds, accuracy, coldStartSeconds, peakRssMb(),
                allocatedPerStep, device);
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
