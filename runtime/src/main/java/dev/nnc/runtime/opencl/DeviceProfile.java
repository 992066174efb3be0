package dev.nnc.runtime.opencl;

import com.aparapi.ProfileInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an OpenCL trainer's steps spend their time ({@code --profile}): each kernel pass's time on the device and the
 * copies between host and device, from Aparapi's OpenCL event profile, beside the steps' time on the host's clock.
 * Counts only between {@link #start} and {@link #stop}, so that the first steps (kernel compilation, the first upload
 * of every array) and evaluation are left out.
 */
public final class DeviceProfile implements ProfileListener {
    /**
     * The system property that asks Aparapi for OpenCL event profiling. Aparapi reads it once, when it first loads, so
     * it must be set before anything touches Aparapi; {@link #attach} says when it came too late.
     */
    public static final String SWITCH = "com.aparapi.enableProfiling";

    /** Runs and device nanoseconds of each pass, in the order they first ran. */
    private final Map<String, long[]> passes = new LinkedHashMap<>();
    /** Copies, bytes and nanoseconds (where Aparapi timed them) of each array, each way. */
    private final Map<String, long[]> toDevice = new LinkedHashMap<>();
    private final Map<String, long[]> toHost = new LinkedHashMap<>();
    private boolean counting;
    private long startNanos;
    private long wallNanos;
    private long steps;

    DeviceProfile() {}

    /** A profile that {@code trainer}, a generated OpenCL trainer, reports to from now on. */
    public static DeviceProfile attach(Object trainer) {
        if (!com.aparapi.internal.jni.ConfigJNI.enableProfiling) {
            throw new IllegalStateException("Aparapi was loaded before profiling could be switched on; run the JVM with -D"
                    + SWITCH + "=true");
        }
        if (!(trainer instanceof Source source)) {
            throw new IllegalArgumentException(trainer.getClass().getName() + " does not report a profile; generate it again with"
                    + " this version of nnc");
        }
        DeviceProfile profile = new DeviceProfile();
        source.onProfile(profile);
        return profile;
    }

    /** Clears what was counted and counts from now on. */
    public void start() {
        passes.clear();
        toDevice.clear();
        toHost.clear();
        counting = true;
        startNanos = System.nanoTime();
    }

    /** Stops counting after {@code steps} steps since {@link #start}. */
    public void stop(long steps) {
        if (counting) {
            counting = false;
            wallNanos = System.nanoTime() - startNanos;
            this.steps = steps;
        }
    }

    @Override
    public void ran(String pass, List<ProfileInfo> profile) {
        if (!counting) {
            return;
        }
        long[] p = passes.computeIfAbsent(pass, k -> new long[2]);
        p[0]++;
        for (ProfileInfo info : profile) {
            switch (type(info)) {
                case "X" -> p[1] += nanos(info);
                case "W" -> add(toDevice, info.getLabel(), 0, nanos(info)); // a copy Aparapi made before this run
                default -> { }
            }
        }
    }

    @Override
    public void fetched(String array, long bytes, List<ProfileInfo> profile) {
        if (counting) {
            // the list holds every copy back since the last run: this one is the last entry for the array
            long nanos = 0;
            for (ProfileInfo info : profile) {
                if (type(info).equals("R") && info.getLabel().equals(array)) {
                    nanos = nanos(info);
                }
            }
            add(toHost, array, bytes, nanos);
        }
    }

    @Override
    public void put(String array, long bytes) {
        if (counting) {
            add(toDevice, array, bytes, 0);
        }
    }

    /** The steps' time on the host's clock, milliseconds a step. */
    public double stepMillis() {
        return millisPerStep(wallNanos);
    }

    /** The passes' time on the device, milliseconds a step. */
    public double kernelMillis() {
        return millisPerStep(passes.values().stream().mapToLong(p -> p[1]).sum());
    }

    /** The copies' time on the device, where Aparapi timed them, milliseconds a step. */
    public double copyMillis() {
        return millisPerStep(total(toDevice, 2) + total(toHost, 2));
    }

    /** Bytes copied to the device a step. */
    public double bytesToDevice() {
        return perStep(total(toDevice, 1));
    }

    /** Bytes copied back to the host a step. */
    public double bytesToHost() {
        return perStep(total(toHost, 1));
    }

    /** A Markdown table: each pass, the copies each way, and the rest of the step (host work, launches, waits). */
    public String table(String device, long firstStep) {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "time a step on %s, steps %d–%d (kernels and copies: Aparapi's OpenCL event profile; the step: the host's clock)%n",
                device, firstStep, firstStep + steps - 1));
        t.append("| part | times a step | bytes a step | ms a step | share of the step |\n| --- | --- | --- | --- | --- |\n");
        double step = stepMillis();
        passes.forEach((name, p) -> row(t, "pass " + name, p[0], -1, millisPerStep(p[1]), step));
        row(t, "all passes", passes.values().stream().mapToLong(p -> p[0]).sum(), -1, kernelMillis(), step);
        copies(t, "copies to the device", toDevice, step);
        copies(t, "copies to the host", toHost, step);
        row(t, "the rest: host work, launches, waits", -1, -1, step - kernelMillis() - copyMillis(), step);
        row(t, "the step", -1, -1, step, step);
        if (toDevice.values().stream().anyMatch(c -> c[1] > 0 && c[2] == 0)) {
            t.append("(Aparapi times no copy of an array the kernel only reads, such as the batch: those count in bytes only)\n");
        }
        return t.toString();
    }

    private void copies(StringBuilder t, String what, Map<String, long[]> copies, double step) {
        row(t, what + (copies.isEmpty() ? "" : ": " + String.join(", ", copies.keySet())), total(copies, 0), total(copies, 1),
                millisPerStep(total(copies, 2)), step);
    }

    private void row(StringBuilder t, String what, long count, long bytes, double millis, double step) {
        t.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.1f %% |%n", what,
                count < 0 ? "" : perStepCount(count),
                bytes < 0 ? "" : String.format(Locale.ROOT, "%,.0f", perStep(bytes)),
                millis, step > 0 ? 100 * millis / step : 0));
    }

    /** Whole when it is (a pass run once a step), else to two decimals. */
    private String perStepCount(long count) {
        return steps > 0 && count % steps == 0 ? Long.toString(count / steps) : String.format(Locale.ROOT, "%.2f", perStep(count));
    }

    private static void add(Map<String, long[]> copies, String array, long bytes, long nanos) {
        long[] c = copies.computeIfAbsent(array, k -> new long[3]);
        c[0]++;
        c[1] += bytes;
        c[2] += nanos;
    }

    private static long total(Map<String, long[]> copies, int column) {
        return copies.values().stream().mapToLong(c -> c[column]).sum();
    }

    private double millisPerStep(long nanos) {
        return perStep(nanos) / 1e6;
    }

    /** {@code total} over the steps counted; 0 before any. */
    private double perStep(long total) {
        return steps == 0 ? 0 : (double) total / steps;
    }

    /** 'W', 'X' or 'R' ({@code getType()} returns a package-private enum). */
    private static String type(ProfileInfo info) {
        return String.valueOf((Object) info.getType());
    }

    private static long nanos(ProfileInfo info) {
        return info.getEnd() - info.getStart();
    }
}
