package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.autodiff.GradientGraph;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Target;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of {@code loss}: each term's mean over the batch, the loss from the terms, and — when asked
 * for gradients — the seeds of backpropagation: ∂loss/∂term times each term's own gradient, which for
 * softmax + cross-entropy is {@code p - onehot}, computed stably from log-sum-exp.
 */
final class LossEmitter {
    private final Layout l;
    private final Kernels kernels;
    private final List<Loss> terms;
    private final Set<Integer> seeded = new HashSet<>();

    LossEmitter(Layout layout, Kernels kernels) {
        this.l = layout;
        this.kernels = kernels;
        this.terms = layout.gradients.terms();
    }

    /** The weights some l2 term regularises, each once. */
    static List<Parameter> decayed(Layout l) {
        Set<String> names = new LinkedHashSet<>();
        for (Loss t : l.gradients.terms()) {
            if (t instanceof Loss.L2 l2) {
                names.addAll(l2.parameters());
            }
        }
        List<Parameter> out = new ArrayList<>();
        l.graph.parameters().stream().filter(p -> names.contains(p.name())).forEach(out::add);
        return out;
    }

    CodeBlock body() {
        CodeBlock.Builder b = CodeBlock.builder();
        for (int i = 0; i < terms.size(); i++) {
            b.add(value(i, terms.get(i)));
        }
        b.addStatement("final double loss = $L", expression(l.gradients.forward().loss()));
        b.beginControlFlow("if (gradient)");
        for (int i = 0; i < terms.size(); i++) {
            b.addStatement("final double c$L = $L", i, expression(l.gradients.partials().get(terms.get(i))));
        }
        for (int i = 0; i < terms.size(); i++) {
            b.add(seed(i, terms.get(i)));
        }
        for (Parameter p : decayed(l)) {
            CodeBlock.Builder sum = CodeBlock.builder().add("0");
            for (int i = 0; i < terms.size(); i++) {
                if (terms.get(i) instanceof Loss.L2 l2 && l2.parameters().contains(p.name())) {
                    sum.add(" + c$L", i);
                }
            }
            b.addStatement("$LDecay = $L", l.param(p), sum.build());
        }
        b.endControlFlow();
        return b.addStatement("return loss").build();
    }

    private CodeBlock expression(Loss e) {
        return expression(e, terms);
    }

    /** A loss expression in Java, over doubles {@code t0, t1, ...} holding the values of {@code terms}. */
    static CodeBlock expression(Loss e, List<Loss> terms) {
        if (e instanceof Loss.Const c) {
            return CodeBlock.of("$L", Precision.DOUBLE.literal(c.value()));
        }
        if (e instanceof Loss.Neg n) {
            return CodeBlock.of("-($L)", expression(n.operand(), terms));
        }
        if (e instanceof Loss.Binary b) {
            return CodeBlock.of("($L $L $L)", expression(b.left(), terms), b.operator(), expression(b.right(), terms));
        }
        return CodeBlock.of("t$L", terms.indexOf(e));
    }

    private String target() {
        return l.graph.target() instanceof Target.Classes ? "labels" : "targets";
    }

    private CodeBlock value(int i, Loss term) {
        CodeBlock.Builder b = CodeBlock.builder().add("\n// $L\n", describe(term)).addStatement("double t$L = 0", i);
        if (term instanceof Loss.SoftmaxCrossEntropy s) {
            String z = l.act(s.logits());
            b.beginControlFlow("for (int r = 0; r < n; r++)").add(logSumExp(z, l.size(s.logits())));
            if (s.target() instanceof Target.Classes) {
                b.addStatement("t$L += logSum - $L[o + labels[r]]", i, z);
            } else {
                b.beginControlFlow("for (int j = 0; j < $L; j++)", l.size(s.logits()))
                        .addStatement("t$L += targets[o + j] * (logSum - $L[o + j])", i, z)
                        .endControlFlow();
            }
            return b.endControlFlow().addStatement("t$L /= n", i).build();
        }
        if (term instanceof Loss.SigmoidCrossEntropy s) {
            String size = l.size(s.logits());
            return b.beginControlFlow("for (int i = 0, end = n * $L; i < end; i++)", size)
                    .addStatement("final double z = $L[i]", l.act(s.logits()))
                    .addStatement("t$L += $T.max(z, 0) - z * $L[i] + $T.log1p($T.exp(-$T.abs(z)))", i, Math.class, target(),
                            Math.class, Math.class, Math.class)
                    .endControlFlow()
                    .addStatement("t$L /= (double) n * $L", i, size).build();
        }
        if (term instanceof Loss.MeanSquaredError m) {
            String size = l.size(m.prediction());
            return b.beginControlFlow("for (int i = 0, end = n * $L; i < end; i++)", size)
                    .addStatement("final double d = $L[i] - $L[i]", l.act(m.prediction()), target())
                    .addStatement("t$L += d * d", i)
                    .endControlFlow()
                    .addStatement("t$L /= (double) n * $L", i, size).build();
        }
        Loss.L2 l2 = (Loss.L2) term;
        for (Parameter p : l.graph.parameters()) {
            if (l2.parameters().contains(p.name())) {
                b.addStatement("t$L += $L", i, kernels.sumOfSquares(l.param(p), p.size()));
            }
        }
        return b.addStatement("t$L *= 0.5", i).build();
    }

    private CodeBlock logSumExp(String z, String size) {
        return CodeBlock.builder()
                .addStatement("final int o = r * $L", size)
                .addStatement("double max = $L[o]", z)
                .beginControlFlow("for (int j = 1; j < $L; j++)", size)
                .addStatement("max = $T.max(max, $L[o + j])", Math.class, z)
                .endControlFlow()
                .addStatement("double sum = 0")
                .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                .addStatement("sum += $T.exp($L[o + j] - max)", Math.class, z)
                .endControlFlow()
                .addStatement("final double logSum = max + $T.log(sum)", Math.class)
                .build();
    }

    private CodeBlock seed(int i, Loss term) {
        if (term instanceof Loss.L2) {
            return CodeBlock.of("");
        }
        int node = GradientGraph.lossNode(term).orElseThrow();
        String grad = l.grad(node);
        String assign = seeded.add(node) ? "=" : "+=";
        String size = l.size(node);
        String z = l.act(node);
        CodeBlock.Builder b = CodeBlock.builder().add("\n// ∂loss/∂$L from $L\n", l.node(node).name(), describe(term));
        if (term instanceof Loss.SoftmaxCrossEntropy s) {
            b.addStatement("final double scale$L = c$L / n", i, i)
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .add(logSumExp(z, size));
            if (s.target() instanceof Target.Classes) {
                b.beginControlFlow("for (int j = 0; j < $L; j++)", size)
                        .addStatement("final double p = $T.exp($L[o + j] - logSum)", Math.class, z)
                        .addStatement("$L[o + j] $L ($T) (scale$L * (j == labels[r] ? p - 1 : p))", grad, assign,
                                l.precision.type(), i)
                        .endControlFlow();
            } else {
                b.addStatement("double mass = 0")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                        .addStatement("mass += targets[o + j]")
                        .endControlFlow()
                        .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                        .addStatement("final double p = $T.exp($L[o + j] - logSum)", Math.class, z)
                        .addStatement("$L[o + j] $L ($T) (scale$L * (p * mass - targets[o + j]))", grad, assign,
                                l.precision.type(), i)
                        .endControlFlow();
            }
            return b.endControlFlow().build();
        }
        String derivative = term instanceof Loss.MeanSquaredError
                ? "2 * (%s[i] - %s[i])".formatted(z, target())
                : "%s.sigmoid((double) %s[i]) - %s[i]".formatted("Scalar", z, target());
        return b.addStatement("final double scale$L = c$L / ((double) n * $L)", i, i, size)
                .beginControlFlow("for (int i = 0, end = n * $L; i < end; i++)", size)
                .addStatement("$L[i] $L ($T) (scale$L * ($L))", grad, assign, l.precision.type(), i,
                        derivative.startsWith("Scalar") ? CodeBlock.of("$T" + derivative.substring(6), ScalarCode.SCALAR)
                                : CodeBlock.of(derivative))
                .endControlFlow().build();
    }

    private String describe(Loss term) {
        if (term instanceof Loss.SoftmaxCrossEntropy s) {
            return "softmax_cross_entropy(%s, %s)".formatted(l.node(s.logits()).name(), s.target().name());
        }
        if (term instanceof Loss.SigmoidCrossEntropy s) {
            return "sigmoid_cross_entropy(%s, %s)".formatted(l.node(s.logits()).name(), s.target().name());
        }
        if (term instanceof Loss.MeanSquaredError m) {
            return "mse(%s, %s)".formatted(l.node(m.prediction()).name(), m.target().name());
        }
        return "l2(" + String.join(", ", ((Loss.L2) term).parameters()) + ")";
    }
}
