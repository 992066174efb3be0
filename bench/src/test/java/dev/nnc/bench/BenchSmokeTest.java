package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/run --quick}: the benchmark builds, generates, trains and reports (nnc only, 600 examples), and then
 * does again from what it built with {@code --prebuilt} (no build); and
 * {@code bench/kernels/run.sh --quick}: the products' table has every product with a figure for nnc; and
 * {@code bench/layers/run.sh}: a step's time, layer by layer, for the benchmark MLP.
 */
class BenchSmokeTest {

    @Test
    void theBenchmarkRunsAtATinySetting() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path report = Path.of("target", "quick.md").toAbsolutePath();
        Process p = new ProcessBuilder("python3", "bench/run.py", "--quick", "--models", "mlp", "--out", report.toString())
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(Path.of("target", "quick.log").toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench/run --quick did not finish in 10 minutes");
        String log = Files.readString(Path.of("target", "quick.log"));
        assertEquals(0, p.exitValue(), log);
        String text = Files.readString(report);
        assertTrue(text.contains("| mlp | nnc java (600 examples, scaled) |"), text);
        assertTrue(text.contains("inference: mlp, 1 example, median_us: "), text);

        // --prebuilt, as bench/gpu/run.sh runs it on a machine without Maven: the jar and classes just built, linked
        Path prebuilt = Files.createDirectories(Path.of("target", "prebuilt").toAbsolutePath());
        for (var link : List.of(List.of("nnc.jar", "compiler/target/nnc.jar"), List.of("classes", "bench/target/work/classes"))) {
            Files.deleteIfExists(prebuilt.resolve(link.get(0)));
            Files.createSymbolicLink(prebuilt.resolve(link.get(0)), root.resolve(link.get(1)));
        }
        Path prebuiltReport = Path.of("target", "prebuilt.md").toAbsolutePath();
        p = new ProcessBuilder("python3", "bench/run.py", "--prebuilt", prebuilt.toString(), "--quick", "--models", "mlp", "--out",
                prebuiltReport.toString()).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "prebuilt.log").toFile()).start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "bench/run --prebuilt did not finish in 10 minutes");
        assertEquals(0, p.exitValue(), Files.readString(Path.of("target", "prebuilt.log")));
        String prebuiltLog = Files.readString(Path.of("target", "prebuilt.log"));
        assertTrue(prebuiltLog.contains("$ java") && !prebuiltLog.contains("./nnc"), "trained without building:\n" + prebuiltLog);
        assertTrue(Files.readString(prebuiltReport).contains("| mlp | nnc java (600 examples, scaled) |"), Files.readString(prebuiltReport));
    }

    @Test
    void theLayerProbeTimesEveryLayer() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path log = Path.of("target", "layers.log");
        Process p = new ProcessBuilder("sh", "bench/layers/run.sh", "bench/models/bench_mlp.nn", "5")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bench/layers/run.sh did not finish in 5 minutes");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.matches("(?s).*BenchMlp, batch 100: \\d+\\.\\d\\d ms a step.*"), text);
        for (String section : List.of("f fc1", "f fc2", "loss", "b fc1", "update")) {
            assertTrue(text.matches("(?s).*\\| " + section + " \\| \\d+\\.\\d\\d \\|.*"), section + " missing:\n" + text);
        }
    }

    @Test
    void theKernelBenchmarkRunsAtATinySetting() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path log = Path.of("target", "kernels-quick.log");
        Process p = new ProcessBuilder("sh", "bench/kernels/run.sh", "--quick")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bench/kernels/run.sh --quick did not finish in 5 minutes");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), text);
        for (String product : List.of("conv1 forward", "conv2 weight gradient", "conv2 input gradient", "fc1 forward",
                "1536³ nn", "MLP fc1 weight gradient")) {
            assertTrue(text.matches("(?s).*\\| " + java.util.regex.Pattern.quote(product) + " \\| \\d+\\.\\d / \\d+\\.\\d \\|.*"),
                    product + " missing:\n" + text);
        }
    }
}
