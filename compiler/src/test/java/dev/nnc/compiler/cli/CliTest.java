package dev.nnc.compiler.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.Sources;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nnc command line, run in-process: exit statuses, output, and no stack trace for any input. */
class CliTest {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {}

    private static Run nnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertNoStackTrace(Run run) {
        assertFalse(run.err.contains("Exception") || run.err.contains("\tat "), run.err);
    }

    @Test
    void summaryJsonOfTheCnnSample() {
        Run run = nnc("summary", "--json", Sources.samplesDir().resolve("mnist-cnn/src/main/nn/cnn/mnist_cnn.nn").toString());
        assertEquals(0, run.status, run.err);
        assertEquals("{\"models\":[{\"name\":\"MnistCnn\",\"layers\":["
                + "{\"name\":\"conv1\",\"op\":\"conv2d\",\"shape\":[32,28,28],\"params\":832},"
                + "{\"name\":\"relu_1\",\"op\":\"relu\",\"shape\":[32,28,28],\"params\":0},"
                + "{\"name\":\"maxpool_1\",\"op\":\"maxpool\",\"shape\":[32,14,14],\"params\":0},"
                + "{\"name\":\"conv2\",\"op\":\"conv2d\",\"shape\":[64,14,14],\"params\":51264},"
                + "{\"name\":\"relu_2\",\"op\":\"relu\",\"shape\":[64,14,14],\"params\":0},"
                + "{\"name\":\"maxpool_2\",\"op\":\"maxpool\",\"shape\":[64,7,7],\"params\":0},"
                + "{\"name\":\"flatten_1\",\"op\":\"flatten\",\"shape\":[3136],\"params\":0},"
                + "{\"name\":\"fc1\",\"op\":\"dense\",\"shape\":[1024],\"params\":3212288},"
                + "{\"name\":\"relu_3\",\"op\":\"relu\",\"shape\":[1024],\"params\":0},"
                + "{\"name\":\"dropout_1\",\"op\":\"dropout\",\"shape\":[1024],\"params\":0},"
                + "{\"name\":\"fc2\",\"op\":\"dense\",\"shape\":[10],\"params\":10250}],"
                + "\"params\":3274634}]}\n", run.out);
    }

    @Test
    void summaryTable() throws IOException {
        Path f = file("two.nn", """
                model A { input x: [784]  target y: class(10)  out = x -> fc: dense(10)  loss = softmax_cross_entropy(out, y) }
                model B { input x: [4]  target y: [2]  out = x -> dense(2) -> tanh  loss = mse(out, y) }
                """);
        Run run = nnc("summary", f.toString());
        assertEquals(0, run.status, run.err);
        assertTrue(run.out.contains("Model: A"), run.out);
        assertTrue(run.out.matches("(?s).*fc \\(dense\\) +\\[10\\] +7,850\n.*"), run.out);
        assertTrue(run.out.contains("Total params: 7,850"), run.out);
        assertTrue(run.out.matches("(?s).*Model: B.*tanh_1 \\(tanh\\) +\\[2\\] +0\n.*Total params: 10\n.*"), run.out);
    }

    @Test
    void checkPassesEverySample() {
        for (Path sample : Sources.samples()) {
            Run run = nnc("check", sample.toString());
            assertEquals(0, run.status, sample + ": " + run.err);
            assertEquals("", run.err, sample + " must check without warnings");
        }
    }

    @Test
    void checkReportsErrorsOfEveryFileAndExitsOne() throws IOException {
        Path good = file("good.nn", "model M { input x: [1]  target y: [1]  out = x -> dense(1)  loss = mse(out, y) }\n");
        Path bad = file("bad.nn", "model M {\n  input x: [1]\n  target y: [1]\n  out = x -> dense(1) -> reluu\n  loss = mse(out, y)\n}\n");
        Path worse = file("worse.nn", "model {\n");
        Run run = nnc("check", good.toString(), bad.toString(), worse.toString());
        assertEquals(1, run.status);
        assertTrue(run.err.contains(bad + ":4:26: error: unknown activation `reluu`; did you mean `relu`?\n"
                + "  out = x -> dense(1) -> reluu\n"
                + "                         ^\n"), run.err);
        assertTrue(run.err.contains(worse + ":1:7: error: expected a name, found `{`"), run.err);
        assertNoStackTrace(run);
        assertEquals(0, nnc("check", good.toString()).status);
    }

    @Test
    void unreadableInputsAreErrorsNotCrashes() throws IOException {
        Run missing = nnc("check", dir.resolve("nope.nn").toString());
        assertEquals(1, missing.status);
        assertEquals("nnc: error: cannot read `" + dir.resolve("nope.nn") + "`: no such file\n", missing.err);

        Run directory = nnc("check", dir.toString());
        assertEquals(1, directory.status);
        assertTrue(directory.err.contains("it is a directory"), directory.err);

        Run empty = nnc("check", file("empty.nn", "").toString());
        assertEquals(1, empty.status);
        assertTrue(empty.err.contains("empty.nn:1:1: error: the file declares no model"), empty.err);

        byte[] garbage = new byte[4096];
        new Random(1).nextBytes(garbage);
        Run binary = nnc("check", Files.write(dir.resolve("garbage.nn"), garbage).toString());
        assertEquals(1, binary.status);
        assertTrue(binary.err.contains("garbage.nn:1:1: error: the file is not UTF-8 text"), binary.err);
        assertNoStackTrace(binary);
    }

    @Test
    void aTenMegabyteFileIsHandled() throws IOException {
        String model = "model M%d { input x: [784]  target y: class(10)  out = x -> dense(10) -> relu  loss = softmax_cross_entropy(out, y) }\n";
        StringBuilder big = new StringBuilder();
        for (int i = 0; big.length() < 10_000_000; i++) {
            big.append(model.formatted(i));
        }
        Run valid = nnc("check", Files.writeString(dir.resolve("big.nn"), big).toString());
        assertEquals(0, valid.status, valid.err.length() > 500 ? valid.err.substring(0, 500) : valid.err);

        StringBuilder junk = new StringBuilder();
        while (junk.length() < 10_000_000) {
            junk.append("model ( ] -> = $ 5e } { ");
        }
        Run invalid = nnc("check", Files.writeString(dir.resolve("junk.nn"), junk).toString());
        assertEquals(1, invalid.status);
        assertNoStackTrace(invalid);

        Run nested = nnc("check", Files.writeString(dir.resolve("deep.nn"), "(".repeat(1_000_000)).toString());
        assertEquals(1, nested.status);
        assertTrue(nested.err.contains("deep.nn:1:101: error: brackets nested more than 100 deep"), nested.err);
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, nnc().status);
        assertEquals(2, nnc("summary").status);
        assertEquals(2, nnc("compile-everything").status);
        Run help = nnc("--help");
        assertEquals(0, help.status);
        assertTrue(help.out.contains("check") && help.out.contains("summary"), help.out);
    }

    @Test
    void utf8WithBomAndNonAsciiComments() throws IOException {
        byte[] text = "\uFEFF// réseau — Ünïcode comment\nmodel M { input x: [1]  target y: [1]  out = x -> dense(1)  loss = mse(out, y) }\n"
                .getBytes(StandardCharsets.UTF_8);
        Run run = nnc("check", Files.write(dir.resolve("bom.nn"), text).toString());
        assertEquals(0, run.status, run.err);
    }
}
