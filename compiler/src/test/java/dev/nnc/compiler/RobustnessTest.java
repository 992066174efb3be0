package dev.nnc.compiler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnc.compiler.diagnostics.DiagnosticRenderer;
import dev.nnc.grammar.NNLexer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

/**
 * Mutates the valid sample files thousands of times — dropping, duplicating, swapping and inserting
 * tokens, truncating, splicing random bytes — and requires every outcome to be diagnostics or
 * success: never an exception escaping the compiler, and every diagnostic renderable.
 */
class RobustnessTest {
    private static final int MUTATIONS_PER_SAMPLE = 1500;

    @Test
    void mutatedSamplesGiveDiagnosticsNeverExceptions() throws IOException {
        Random random = new Random(20261125);
        int failures = 0;
        int successes = 0;
        for (Path sample : Sources.samples()) {
            String text = Files.readString(sample);
            List<String> tokens = tokens(text);
            for (int i = 0; i < MUTATIONS_PER_SAMPLE; i++) {
                byte[] mutant = mutate(text, tokens, random);
                Compilation c;
                try {
                    c = Compiler.compile("mutant.nn", mutant);
                    c.diagnostics().forEach(d -> DiagnosticRenderer.render(c.source(), d));
                } catch (RuntimeException | StackOverflowError e) {
                    fail("mutant of " + sample.getFileName() + " threw " + e + ":\n"
                            + new String(mutant, StandardCharsets.UTF_8), e);
                    return;
                }
                assertTrue(c.hasErrors() || !c.models().isEmpty() || !c.diagnostics().isEmpty() || c.models().isEmpty());
                if (c.hasErrors()) {
                    failures++;
                    assertTrue(c.models().isEmpty(), "a file with errors yields no models");
                } else {
                    successes++;
                }
            }
        }
        // the mutations must exercise both outcomes, or the test proves little
        assertTrue(failures > 1000, "only " + failures + " mutants were rejected");
        assertTrue(successes > 50, "only " + successes + " mutants were accepted");
    }

    private static List<String> tokens(String text) {
        NNLexer lexer = new NNLexer(CharStreams.fromString(text));
        List<String> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            out.add(t.getText());
        }
        return out;
    }

    private static byte[] mutate(String text, List<String> tokens, Random random) {
        List<String> t = new ArrayList<>(tokens);
        int kind = random.nextInt(7);
        int at = random.nextInt(t.size());
        switch (kind) {
            case 0 -> t.remove(at);
            case 1 -> t.add(at, t.get(at));
            case 2 -> {
                int other = random.nextInt(t.size());
                String a = t.get(at);
                t.set(at, t.get(other));
                t.set(other, a);
            }
            case 3 -> t.add(at, t.get(random.nextInt(t.size())));
            case 4 -> t.add(at, List.of("(", ")", "[", "]", "{", "}", "->", ":", "=", ",", "-", "*", "/", "1e999", "0", "-3",
                    ".5", "\"", "/*", "$", "model", "fn", "loss", "x", "class", "\u0000", "é").get(random.nextInt(27)));
            case 5 -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            default -> {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8).clone();
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                return bytes;
            }
        }
        return String.join("", t).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emptyAndWhitespaceFiles() {
        for (String s : List.of("", " ", "\n\n", "// only a comment", "/* */", "\t\r\n")) {
            Compilation c = Compiler.compile("blank.nn", s.getBytes(StandardCharsets.UTF_8));
            assertTrue(c.hasErrors(), "a file without a model is an error: `" + s + "`");
            assertFalse(c.render().isEmpty());
        }
    }
}
