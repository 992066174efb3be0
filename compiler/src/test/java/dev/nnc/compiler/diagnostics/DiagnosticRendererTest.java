package dev.nnc.compiler.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.compiler.Compiler;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DiagnosticRendererTest {

    /** The example of LANGUAGE.md's "Errors" section, to the character. */
    @Test
    void theLanguageContractExample() {
        String source = """
                model MnistCnn {
                    input  image: [1, 28, 28]
                    target label: class(10)

                    logits = image
                        -> conv1: conv2d(32, kernel=5, padding=same) -> relu -> maxpool(2)
                        -> conv2: conv2d(64, kernel=5, padding=same) -> relu -> maxpool(2)
                        -> fc1: dense(1024) -> relu
                        -> fc2: dense(10)
                    loss = softmax_cross_entropy(logits, label)
                }
                """.replace("-> fc1: dense(1024) -> relu", "-> relu");
        var c = Compiler.compile("mnist_cnn.nn", source.getBytes(StandardCharsets.UTF_8));
        assertEquals("""
                mnist_cnn.nn:9:12: error: dense(10) expects a flat input, got [64, 7, 7]; add `-> flatten` before it
                        -> fc2: dense(10)
                           ^
                """, c.render());
    }

    @Test
    void tabsKeepTheCaretAligned() {
        SourceFile f = new SourceFile("t.nn", "a\n\t\tx = 1\n");
        assertEquals("t.nn:2:3: error: m\n\t\tx = 1\n\t\t^\n",
                DiagnosticRenderer.render(f, new Diagnostic(Severity.ERROR, new Span(2, 3, 4, 5), "m")));
    }

    @Test
    void longLinesAreCutAroundTheCaret() {
        String line = "x".repeat(1000) + "HERE" + "y".repeat(1000);
        SourceFile f = new SourceFile("t.nn", line);
        String out = DiagnosticRenderer.render(f, new Diagnostic(Severity.WARNING, new Span(1, 1001, 1000, 1004), "m"));
        String[] lines = out.split("\n");
        assertEquals("t.nn:1:1001: warning: m", lines[0]);
        assertEquals(160, lines[1].length());
        assertEquals('H', lines[1].charAt(lines[2].length() - 1));
    }

    @Test
    void controlCharactersDoNotGarbleTheTerminal() {
        SourceFile f = new SourceFile("t.nn", "a\u0000\u001b[2Jb");
        assertEquals("t.nn:1:7: error: m\na??[2Jb\n      ^\n",
                DiagnosticRenderer.render(f, new Diagnostic(Severity.ERROR, new Span(1, 7, 6, 7), "m")));
    }
}
