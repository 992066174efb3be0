package dev.nnc.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.compiler.Sources;
import dev.nnc.compiler.ast.Expr;
import dev.nnc.compiler.ast.Program;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.diagnostics.SourceFile;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.compiler.ir.Op;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyntaxTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"5, 5", "0.5, 0.5", ".5, 0.5", "5., 5", "5e-4, 0.0005", "1.5E+3, 1500", "2e1, 20", "007, 7"})
    void numbersInEveryUsualNotation(String written, double value) {
        Reporter reporter = new Reporter();
        Program p = SourceParser.parse(new SourceFile("t.nn", "fn f(x) = " + written), reporter);
        assertEquals(List.of(), reporter.diagnostics());
        Expr.Number n = (Expr.Number) p.functions().get(0).body();
        assertEquals(value, n.value());
        assertEquals(written, n.text());
    }

    @Test
    void commentsAnywhereAndSeveralModelsAndFunctionsPerFile() {
        var c = Sources.compile("""
                // line comment
                fn square(x) = pow(x, 2) /* block
                   comment over lines */
                model A { input x: [2] /* inline */ target y: [2]  out = x -> square  loss = mse(out, y) }
                fn cube(x) = x * square(x)   // functions may follow the models that use them
                model B {
                    input x: [2]
                    target y: [2]
                    out = x
                        -> dense(2)   // chains continue over lines
                        -> cube
                    loss = mse(out, y)
                }
                """);
        assertEquals(List.of(), c.diagnostics());
        assertEquals(List.of("A", "B"), c.models().stream().map(Graph::name).toList());
    }

    @Test
    void unaryMinusAndPrecedence() {
        Graph g = Sources.model("""
                fn f(x) = -x * 2 + 3 / x - (1 - x)
                model M { input x: [1]  target y: [1]  out = x -> f  loss = mse(out, y) }
                """);
        assertEquals("(((-(x) * 2) + (3 / x)) - (1 - x))", ((Op.Elementwise) g.node(1).op()).function().toString());
    }
}
