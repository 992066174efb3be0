import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Arrays;

/**
 * Times {@link ModelOps} on two or more builds of the runtime in one JVM, each behind its own class loader, the builds
 * alternating op by op and round by round: on this shared machine, whose speed moves by up to 2× from minute to
 * minute, only such interleaved comparisons resolve changes of 5–20 %.
 *
 * <p>Arguments: rounds, then {@code name=classpath} for each build: that build's runtime classes and its compiled
 * ModelOps.
 */
public final class RuntimeAB {
    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]), builds = args.length - 1;
        Method[] time = new Method[builds];
        String[] names = new String[builds];
        Class<?> first = null;
        for (int b = 0; b < builds; b++) {
            String[] build = args[b + 1].split("=", 2);
            names[b] = build[0];
            String[] paths = build[1].split(File.pathSeparator);
            URL[] urls = new URL[paths.length];
            for (int i = 0; i < paths.length; i++) {
                urls[i] = new File(paths[i]).toURI().toURL();
            }
            Class<?> ops = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader()).loadClass("ModelOps");
            time[b] = ops.getMethod("time", int.class);
            first = first == null ? ops : first;
        }
        int count = (int) first.getMethod("count").invoke(null);
        double[][][] ms = new double[builds][count][rounds];
        for (int round = -5; round < rounds; round++) { // five rounds of warm-up
            for (int op = 0; op < count; op++) {
                for (int b = 0; b < builds; b++) {
                    double t = (double) time[b].invoke(null, op);
                    if (round >= 0) {
                        ms[b][op][round] = t;
                    }
                }
            }
        }
        System.out.printf("| op (best / median of %d) | %s |%n| --- |%s%n", rounds, String.join(" | ", names), " --- |".repeat(builds));
        for (int op = 0; op < count; op++) {
            double gflop = (double) first.getMethod("flop", int.class).invoke(null, op) / 1e6;
            StringBuilder row = new StringBuilder("| " + first.getMethod("name", int.class).invoke(null, op));
            for (int b = 0; b < builds; b++) {
                Arrays.sort(ms[b][op]);
                double best = ms[b][op][0], median = ms[b][op][rounds / 2];
                row.append(String.format(" | %.2f / %.2f ms (%.0f / %.0f GFLOP/s)", best, median, gflop / best, gflop / median));
            }
            System.out.println(row + " |");
        }
        System.exit(0);
    }
}
