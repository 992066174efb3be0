package dev.nnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.Compilation;
import dev.nnc.compiler.Compiler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each {@code errors/NAME.nn} is a model with mistakes; {@code NAME.expected} is exactly what the
 * compiler must print for it: every error with its line, column, message, the source line and caret.
 */
class NegativeDiagnosticsTest {

    static Stream<String> cases() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(errorsDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".nn")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheExpectedErrors(String name) throws Exception {
        Path dir = errorsDir();
        Compilation c = Compiler.compile(name, Files.readAllBytes(dir.resolve(name)));
        String expected = Files.readString(dir.resolve(name.replace(".nn", ".expected")), StandardCharsets.UTF_8);
        assertTrue(c.hasErrors(), name + " must not compile");
        assertTrue(c.models().isEmpty(), "no model comes out of a file with errors");
        assertEquals(expected, c.render());
    }

    @Test
    void thereAreAtLeastFortyCases() throws Exception {
        List<String> names = cases().toList();
        assertTrue(names.size() >= 40, "only " + names.size() + " negative cases");
    }

    private static Path errorsDir() throws URISyntaxException {
        return Path.of(NegativeDiagnosticsTest.class.getResource("/errors").toURI());
    }
}
