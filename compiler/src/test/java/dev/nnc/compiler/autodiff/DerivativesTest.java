package dev.nnc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.compiler.Sources;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.ScalarExpr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every scalar derivative rule against central finite differences in double precision, and the simplifier. */
class DerivativesTest {

    /** The scalar function of x that {@code fn f(x) = BODY} defines, as the checker builds it. */
    private static ScalarExpr function(String body) {
        var g = Sources.model("fn f(x) = " + body + "\nmodel M { input x: [1]  target y: [1]  out = x -> f  loss = mse(out, y) }");
        return ((Op.Elementwise) g.node(1).op()).function();
    }

    @ParameterizedTest(name = "d/dx {0}")
    @ValueSource(strings = {
        "exp(x)", "log(x + 3)", "sqrt(x + 3)", "abs(x)", "sigmoid(x)", "tanh(x)", "relu(x)", "max(x, 0.3)", "max(0.3, x)",
        "min(x, 0.3)", "min(-x, x * x)", "pow(x, 3)", "pow(2, x)", "pow(x + 3, x)", "x / (1 + x * x)", "-x * 7 - 2",
        "x * sigmoid(x)", "max(0.1 * x, x)", "sigmoid(tanh(exp(x / 4)))", "1 / sqrt(1 + exp(-x))", "(x - 1) * (x + 2) / (x + 5)",
    })
    void matchesFiniteDifferences(String body) {
        ScalarExpr f = function(body);
        ScalarExpr df = Derivatives.derivative(f);
        for (double x : new double[] {-2.1, -0.7, -0.05, 0.13, 0.6, 1.9}) {
            double h = 1e-6;
            double numeric = (Evaluator.evaluate(f, x + h) - Evaluator.evaluate(f, x - h)) / (2 * h);
            assertEquals(numeric, Evaluator.evaluate(df, x), 1e-6 * Math.max(1, Math.abs(numeric)), body + " at " + x);
        }
    }

    @Test
    void swishHasTheReadableDerivativeOfLanguageMd() {
        // sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))
        assertEquals("(sigmoid(x) + (x * (sigmoid(x) * (1 - sigmoid(x)))))",
                Derivatives.derivative(function("x * sigmoid(x)")).toString());
    }

    @Test
    void simplifierFoldsAndDropsNeutralElements() {
        assertEquals("x", Simplifier.simplify(function("(x * 1 + 0) / 1 - 0")).toString());
        assertEquals("0", Simplifier.simplify(function("x * 0 + 0 * exp(x)")).toString());
        assertEquals("(6 * x)", Simplifier.simplify(function("2 * (3 * x)")).toString());
        assertEquals("7.38905609893065", Simplifier.simplify(function("exp(2) + 0 * x")).toString());
        assertEquals("x", Simplifier.simplify(function("-(-x)")).toString());
        assertEquals("0", Derivatives.derivative(function("exp(1) + 5")).toString());
        assertEquals("1", Derivatives.derivative(function("x")).toString());
    }

    @Test
    void reluHasZeroSlopeAtZeroAsPyTorch() {
        assertEquals(0.0, Evaluator.evaluate(Derivatives.derivative(function("relu(x)")), 0.0));
        assertEquals(1.0, Evaluator.evaluate(Derivatives.derivative(function("max(x, 0)")), 0.0)); // ties pick the first
    }
}
