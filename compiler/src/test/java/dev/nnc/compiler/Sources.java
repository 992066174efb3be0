package dev.nnc.compiler;

import dev.nnc.compiler.ir.Graph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Compiles test sources and finds the repository's sample models. */
public final class Sources {
    private Sources() {}

    public static Compilation compile(String source) {
        return Compiler.compile("test.nn", source.getBytes(StandardCharsets.UTF_8));
    }

    /** The diagnostics as {@code line:col: severity: message}, one per element. */
    public static List<String> diagnostics(String source) {
        return compile(source).diagnostics().stream().map(Object::toString).toList();
    }

    /** The single model of a source that must check without errors. */
    public static Graph model(String source) {
        Compilation c = compile(source);
        if (c.hasErrors() || c.models().size() != 1) {
            throw new AssertionError("expected one clean model, got:\n" + c.render());
        }
        return c.models().get(0);
    }

    public static Path samplesDir() {
        return Path.of(System.getProperty("nnc.samples", "../samples"));
    }

    public static List<Path> samples() {
        try (Stream<Path> files = Files.walk(samplesDir())) {
            return files.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
