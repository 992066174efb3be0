package dev.nnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.compiler.Sources;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.compiler.ir.Init;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Shape;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.TrainConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the checker makes of valid models: the graph IR the later stages consume. */
class CheckerTest {

    @Test
    void userFunctionsAreInlinedWithTheirArguments() {
        Graph g = Sources.model("""
                fn swish(x) = x * sigmoid(x)
                fn leaky(x, alpha=0.1) = max(alpha * x, x)
                fn twice(v) = leaky(v) + leaky(v, 0.3)
                model M {
                    input x: [4]
                    target y: [4]
                    out = x -> swish -> leaky(alpha=0.2) -> leaky -> twice
                    loss = mse(out, y)
                }
                """);
        assertEquals("(x * sigmoid(x))", function(g.node(1)));
        assertEquals("max((0.2 * x), x)", function(g.node(2)));
        assertEquals("max((0.1 * x), x)", function(g.node(3)));
        assertEquals("(max((0.1 * x), x) + max((0.3 * x), x))", function(g.node(4)));
        assertEquals(List.of("swish_1", "leaky_1", "leaky_2", "twice_1"), g.nodes().stream().skip(1).map(Node::name).toList());
    }

    @Test
    void builtinActivationsAreScalarFunctionsOfX() {
        Graph g = Sources.model("""
                model M {
                    input x: [4]
                    target y: [4]
                    out = x -> relu -> relu6 -> elu(alpha=0.5) -> leaky_relu -> identity
                    loss = mse(out, y)
                }
                """);
        assertEquals("relu(x)", function(g.node(1)));
        assertEquals("min(relu(x), 6)", function(g.node(2)));
        assertEquals("(relu(x) + (0.5 * (exp(min(x, 0)) - 1)))", function(g.node(3)));
        assertEquals("(relu(x) + (0.01 * min(x, 0)))", function(g.node(4)));
        assertEquals("x", function(g.node(5)));
    }

    private static String function(Node n) {
        return ((Op.Elementwise) n.op()).function().toString();
    }

    @Test
    void initialiserDefaultsToHeBeforeReluAndXavierOtherwise() {
        Graph g = Sources.model("""
                model M {
                    input x: [8]
                    target y: class(3)
                    out = x -> a: dense(8) -> relu -> b: dense(8) -> tanh -> c: dense(3, init=zeros)
                    loss = softmax_cross_entropy(out, y)
                }
                """);
        assertInstanceOf(Init.He.class, g.parameters().get(0).init());
        assertInstanceOf(Init.Zeros.class, g.parameters().get(1).init()); // biases
        assertInstanceOf(Init.Xavier.class, g.parameters().get(2).init());
        assertInstanceOf(Init.Zeros.class, g.parameters().get(4).init());
    }

    @Test
    void generatedNamesAvoidTheUsersNames() {
        Graph g = Sources.model("""
                model M {
                    input x: [8]
                    target y: class(3)
                    h = x -> dense_1: dense(8) -> dense(8)
                    out = h -> dense(3)
                    loss = softmax_cross_entropy(out, y)
                }
                """);
        assertEquals(List.of("x", "dense_1", "dense_2", "dense_3"), g.nodes().stream().map(Node::name).toList());
        assertEquals(2, g.tensors().get("h"));
        assertEquals(1, g.tensors().get("dense_1"));
    }

    @Test
    void residualsAndConcatenation() {
        Graph g = Sources.model("""
                model M {
                    input x: [3, 8, 8]
                    target y: class(2)
                    a = x -> conv2d(4, kernel=3, padding=same)
                    b = x -> conv2d(4, kernel=1)
                    r = a + b -> relu
                    c = concat(r, x, a)
                    out = c -> flatten -> dense(2)
                    loss = softmax_cross_entropy(out, y)
                }
                """);
        Node add = g.nodes().stream().filter(n -> n.op() instanceof Op.Add).findFirst().orElseThrow();
        assertEquals(List.of(1, 2), add.inputs());
        Node concat = g.nodes().stream().filter(n -> n.op() instanceof Op.Concat).findFirst().orElseThrow();
        assertEquals(Shape.of(11, 8, 8), concat.shape());
        assertEquals("concat_1", concat.name());
    }

    @Test
    void lossTermsAndL2() {
        Graph g = Sources.model("""
                model M {
                    input x: [8]
                    target y: class(3)
                    out = x -> fc1: dense(8) -> prelu -> maxout(2) -> fc2: dense(3)
                    loss = softmax_cross_entropy(out, y) + 5e-4 * l2(fc1, out) - l2() / 2
                }
                """);
        Loss.Binary minus = (Loss.Binary) g.loss();
        Loss.Binary plus = (Loss.Binary) minus.left();
        assertEquals(new Loss.SoftmaxCrossEntropy(4, new Target.Classes("y", 3)), plus.left());
        assertEquals(new Loss.Binary('*', new Loss.Const(5e-4), new Loss.L2(List.of("fc1.weight", "fc2.weight"))), plus.right());
        assertEquals(new Loss.Binary('/', new Loss.L2(List.of("fc1.weight", "fc2.weight")), new Loss.Const(2)), minus.right());
        assertEquals(8, g.node(2).paramCount()); // prelu: one slope per unit
        assertEquals(Shape.of(4), g.node(3).shape());
    }

    @Test
    void trainBlock() {
        Graph g = Sources.model("""
                model M {
                    input x: [784]
                    target y: class(10)
                    out = x -> dense(10)
                    loss = softmax_cross_entropy(out, y)
                    train { data = mnist  optimizer = adam(lr=1e-4, beta2=0.99)  batch = 50  epochs = 20
                            lr_decay = exponential(to=1e-5)  seed = 7  shuffle = false
                            validation = 5000  early_stop = patience(3) }
                }
                """);
        assertEquals(new TrainConfig(Optional.of(new TrainConfig.Data.Mnist()),
                new TrainConfig.Optimizer.Adam(1e-4, 0.9, 0.99, 1e-8), 50, 20,
                Optional.of(new TrainConfig.LrDecay.Exponential(1e-5, Optional.empty())), 7, false, 5000, Optional.of(3)),
                g.train());
    }

    @Test
    void trainDefaults() {
        Graph g = Sources.model("""
                model M { input x: [1]  target y: [1]  out = x -> dense(1)  loss = mse(out, y) }
                """);
        assertEquals(TrainConfig.defaults(), g.train());
    }

    @Test
    void warnsAboutWhatTheLossDoesNotUse() {
        List<String> d = Sources.diagnostics("""
                model M {
                    input x: [784]
                    target y: class(10)
                    spare = x -> dense(5)
                    probs = x -> dense(10) -> softmax
                    loss = softmax_cross_entropy(probs, y)
                }
                """);
        assertEquals(List.of(
                "4:5: warning: `spare` is never used by the loss",
                "6:34: warning: `probs` already went through softmax, and softmax_cross_entropy applies it again;"
                        + " pass the logits from before the softmax"), d);
    }

    @Test
    void warningsAloneDoNotFailTheModel() {
        var c = Sources.compile("""
                model M { input x: [2]  target y: [1]  out = x -> dense(1)  loss = 0.5 }
                """);
        assertTrue(!c.hasErrors() && c.models().size() == 1);
        assertEquals(List.of("1:17: warning: the loss does not depend on the input `x`",
                "1:32: warning: the target `y` is never used by the loss",
                "1:40: warning: `out` is never used by the loss"),
                c.diagnostics().stream().map(Object::toString).toList());
    }
}
