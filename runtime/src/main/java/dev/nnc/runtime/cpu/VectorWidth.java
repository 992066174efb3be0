package dev.nnc.runtime.cpu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How wide the matrix kernels' vectors are. The JVM's preferred width is the widest the CPU has, but wider is not
 * always faster: an AMD Zen 4 (family 25) has AVX-512 yet executes each 512-bit operation as two 256-bit halves, so
 * 512-bit vectors bring no more multiply-adds a cycle, only wider panels that waste lanes at the models' edges
 * (conv2's output rows of 14 in panels of 32). Measured there, 256-bit against 512-bit kernels: the CNN's steps
 * 15 % faster, the MLP's epoch 26 %, a 1536³ product 168 against 83 GFLOP/s (bench/NOTES.md, item 18).
 * {@code -Dnnc.cpu.vectorBits=128|256|512} overrides the choice (never above the preferred width).
 */
final class VectorWidth {
    static final String PROPERTY = "nnc.cpu.vectorBits";

    private VectorWidth() {}

    /**
     * The width in bits, from the preferred width, the property's value (or null) and the CPU's description; a value
     * that is not a width is left to {@link #check}.
     */
    static int bits(int preferredBits, String property, String cpuInfo) {
        Integer wanted = parse(property);
        if (wanted != null) {
            return Math.min(wanted, preferredBits);
        }
        return preferredBits > 256 && splitsWideVectors(cpuInfo) ? 256 : preferredBits;
    }

    /** Fails, saying why, when the property is set to something other than a width. */
    static void check(String property) {
        if (property != null && parse(property) == null) {
            throw new UnsupportedOperationException(PROPERTY + " must be 128, 256 or 512, not `" + property + "`");
        }
    }

    private static Integer parse(String property) {
        if (property == null) {
            return null;
        }
        return switch (property.trim()) {
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default -> null;
        };
    }

    /** Whether the CPU {@code /proc/cpuinfo} describes executes 512-bit operations as two halves: AMD Zen 4. */
    static boolean splitsWideVectors(String cpuInfo) {
        if (cpuInfo == null) {
            return false;
        }
        String info = cpuInfo.toLowerCase(Locale.ROOT);
        return info.contains("authenticamd") && info.matches("(?s).*\\ncpu family\\s*:\\s*25\\s*\\n.*");
    }

    /** The start of {@code /proc/cpuinfo} (its first processor), or null where there is none (not Linux). */
    static String cpuInfo() {
        try (InputStream in = Files.newInputStream(Path.of("/proc/cpuinfo"))) {
            return new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
