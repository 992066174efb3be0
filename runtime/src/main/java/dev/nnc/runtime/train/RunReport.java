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

    private double coldStartSeconds = Double.NaN;
    private double epochSeconds = Double.NaN;
    private long epochExamples;
    private long warmSteps;
    private long allocatedAtWarm = -1;
    private long allocatedPerStep = -1;

    void afterStep(long step, int epoch, int examples) {
        if (step == 1) {
            coldStartSeconds = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1e3;
        }
        if (epoch > 0) {
            return;
        }
        if (step == WARM_UP_STEPS) {
            allocatedAtWarm = allocatedBytes();
        } else if (step > WARM_UP_STEPS) {
            warmSteps = step - WARM_UP_STEPS;
        }
    }

    void firstEpoch(double seconds, long examples) {
        epochSeconds = seconds;
        epochExamples = examples;
        if (allocatedAtWarm >= 0 && warmSteps > 0) {
            allocatedPerStep = (allocatedBytes() - allocatedAtWarm) / warmSteps;
        }
    }

    String json(String model, String system, int batch, double accuracy) {
        return String.format(Locale.ROOT, "RESULT {\"system\":\"nnc %s\",\"model\":\"%s\",\"batch\":%d,\"epoch_seconds\":%.2f,"
                        + "\"examples_per_second\":%.1f,\"test_accuracy\":%.4f,\"cold_start_seconds\":%.2f,\"peak_rss_mb\":%.1f,"
                        + "\"allocated_bytes_per_step\":%d}",
                system, model, batch, epochSeconds, epochExamples / epochSeconds, accuracy, coldStartSeconds, peakRssMb(),
                allocatedPerStep);
    }

    /** Bytes allocated so far by the live threads; -1 where the JVM cannot tell. */
    private static long allocatedBytes() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads)
                || !threads.isThreadAllocatedMemorySupported()) {
            return -1;
        }
        long total = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
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
