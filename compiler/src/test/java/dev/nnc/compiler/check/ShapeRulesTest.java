package dev.nnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.compiler.Sources;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.compiler.ir.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Output shapes and parameter counts against the tables and checks of LANGUAGE.md. */
class ShapeRulesTest {

    /** The last layer of a model whose input is {@code input} and whose chain is {@code steps}. */
    private static Node last(String input, String steps) {
        Graph g = Sources.model("""
                model M {
                    input x: %s
                    target y: class(10)
                    out = x -> %s -> flatten -> dense(10)
                    loss = softmax_cross_entropy(out, y)
                }
                """.formatted(input, steps));
        return g.node(g.nodes().size() - 3);
    }

    @ParameterizedTest(name = "{0} -> {1} gives {2}")
    @CsvSource(delimiter = ';', value = {
        // LANGUAGE.md: 28x28x3 input, 8 filters of 3x3
        "[3, 28, 28]; conv2d(8, kernel=3, padding=same); [8, 28, 28]",
        "[3, 28, 28]; conv2d(8, kernel=3, padding=valid); [8, 26, 26]",
        "[3, 28, 28]; conv2d(8, kernel=3, stride=2, padding=valid); [8, 13, 13]",
        // the issue: a 3x3 max-pool with stride 2 over [400, 28, 28]
        "[400, 28, 28]; maxpool(3, stride=2); [400, 13, 13]",
        // same: ceil(H / s), on odd sizes too
        "[3, 28, 28]; conv2d(8, kernel=3, stride=2, padding=same); [8, 14, 14]",
        "[1, 7, 7]; conv2d(4, kernel=3, stride=2, padding=same); [4, 4, 4]",
        "[1, 5, 9]; conv2d(2, kernel=[3, 5], padding=valid); [2, 3, 5]",
        "[1, 5, 9]; conv2d(2, kernel=[3, 5], stride=[1, 2], padding=same); [2, 5, 5]",
        // integer padding: floor((H + 2p - k) / s) + 1
        "[3, 28, 28]; conv2d(8, kernel=5, padding=2); [8, 28, 28]",
        "[3, 28, 28]; conv2d(8, kernel=3, stride=2, padding=1); [8, 14, 14]",
        "[1, 28, 28]; maxpool(2); [1, 14, 14]",
        "[1, 27, 27]; maxpool(2); [1, 13, 13]",
        "[1, 27, 27]; maxpool(2, padding=same); [1, 14, 14]",
        "[2, 6, 6]; avgpool(3, stride=1, padding=1); [2, 6, 6]",
        "[1, 3, 3]; conv2d(4, kernel=5, padding=same); [4, 3, 3]",
        "[1, 3, 3]; conv2d(4, kernel=3); [4, 1, 1]",
    })
    void outputShapes(String input, String step, String expected) {
        assertEquals(expected, last(input, step).shape().toString());
    }

    @Test
    void samePaddingPutsTheLargerHalfAfter() {
        // 28 with k=3, s=2: out 14, total padding (14-1)*2 + 3 - 28 = 1: none before, one after
        Node n = last("[3, 28, 28]", "conv2d(8, kernel=3, stride=2, padding=same)");
        assertEquals(new Window(3, 3, 2, 2, 0, 1, 0, 1), ((Op.Conv2d) n.op()).window());
        // 7 with k=4, s=1: total 3, one before and two after
        Node m = last("[1, 7, 7]", "maxpool(4, stride=1, padding=same)");
        assertEquals(new Window(4, 4, 1, 1, 1, 2, 1, 2), ((Op.Pool) m.op()).window());
    }

    @Test
    void sizeFormulas() {
        assertEquals(14, ShapeRules.sameOutput(28, 2));
        assertEquals(13, ShapeRules.validOutput(28, 3, 2));
        assertEquals(0, ShapeRules.validOutput(2, 3, 1));
        assertEquals(14, ShapeRules.paddedOutput(28, 3, 2, 1));
    }

    @Test
    void denseParameters() {
        Graph g = Sources.model("""
                model Logistic {
                    input x: [784]
                    target y: class(10)
                    out = x -> fc: dense(10)
                    loss = softmax_cross_entropy(out, y)
                }
                """);
        assertEquals(7850, g.paramCount());
        assertEquals(Shape.of(10, 784), g.parameters().get(0).shape()); // PyTorch layout: [out, in]
        assertEquals("fc.weight", g.parameters().get(0).name());
        assertEquals("fc.bias", g.parameters().get(1).name());
    }

    @Test
    void convParameters() {
        Node n = last("[3, 28, 28]", "c: conv2d(8, kernel=[3, 5])");
        assertEquals(3 * 5 * 3 * 8 + 8, n.paramCount());
        assertEquals(Shape.of(8, 3, 3, 5), n.params().get(0).shape()); // [out_ch, in_ch, kh, kw]
    }

    @Test
    void theCnnOfLanguageMdHas3274634Parameters() throws Exception {
        Path cnn = Sources.samplesDir().resolve("mnist-cnn/src/main/nn/cnn/mnist_cnn.nn");
        assertEquals(3_274_634L, Sources.model(Files.readString(cnn)).paramCount());
    }
}
