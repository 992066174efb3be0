package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.autodiff.BackwardOp;
import dev.nnc.compiler.autodiff.GradientGraph;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Parameter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The body of {@code backward}: the gradient graph's ops in order. The first op to reach a gradient
 * buffer assigns it, later ones add to it, so no buffer is cleared first.
 */
final class BackwardEmitter {
    private final Layout l;
    private final Kernels kernels;
    private final Set<Integer> written = new HashSet<>();

    BackwardEmitter(Layout layout, Kernels kernels) {
        this.l = layout;
        this.kernels = kernels;
        for (Loss term : layout.gradients.terms()) {
            GradientGraph.lossNode(term).ifPresent(written::add); // seeded by loss(..., true)
        }
    }

    CodeBlock body() {
        CodeBlock.Builder b = CodeBlock.builder();
        for (BackwardOp op : l.gradients.ops()) {
            Node n = l.node(op.node());
            b.add("\n// $L: $L, $L line $L\n", n.name(), n.op().kind(), l.graph.sourceFile(), n.span().line());
            if (ReluPool.fused(l, n)) {
                b.add("// in the gradient the max pooling after it sends\n");
                continue;
            }
            b.add(op(op, n));
        }
        return b.build();
    }

    /** Whether the next write to node {@code id}'s gradient adds to it; marks it written. */
    private boolean accumulate(int id) {
        return !written.add(id);
    }

    private CodeBlock op(BackwardOp op, Node n) {
        String dy = l.grad(n.id());
        String size = l.size(n.id());
        int a = n.inputs().isEmpty() ? -1 : n.inputs().get(0);
        if (op instanceof BackwardOp.Dense d) {
            return dense(n, d.inputGradient());
        }
        if (op instanceof BackwardOp.Conv2d c) {
            return new ConvEmitter(l, kernels).convBackward(n, c.inputGradient(), c.inputGradient() && !accumulate(a));
        }
        if (op instanceof BackwardOp.Pool) {
            Optional<Node> relu = ReluPool.into(l, n);
            int target = relu.map(r -> r.inputs().get(0)).orElse(a);
            return new ConvEmitter(l, kernels).poolBackward(n, target, !accumulate(target), relu.isPresent());
        }
        if (op instanceof BackwardOp.Map m) {
            ScalarCode.Code f = ScalarCode.of(m.derivative(), l.precision, "x", "s");
            CodeBlock.Builder b = CodeBlock.builder()
                    .beginControlFlow("for (int i = from * $L, end = to * $L; i < end; i++)", size, size)
                    .addStatement("final $T x = $L[i]", l.precision.type(), l.act(a));
            f.locals().forEach(b::addStatement);
            b.addStatement("$L[i] $L $L[i] * ($L)", l.grad(a), assign(a), dy, f.expression()).endControlFlow();
            return kernels.perRange(l.field(n.id(), "Backward"), "Layer `" + n.name() + "`: the input's gradient for examples [from, to).",
                    "n", Kernels.worthSplitting(l, n), b.build());
        }
        if (op instanceof BackwardOp.Softmax) {
            String y = l.act(n.id());
            String dx = l.grad(a);
            return CodeBlock.builder()
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .addStatement("final int o = r * $L", size)
                    .addStatement("double dot = 0")
                    .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                    .addStatement("dot += $L[o + j] * $L[o + j]", dy, y)
                    .endControlFlow()
                    .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                    .addStatement("$L[o + j] $L ($T) ($L[o + j] * ($L[o + j] - dot))", dx, assign(a), l.precision.type(), y, dy)
                    .endControlFlow()
                    .endControlFlow().build();
        }
        if (op instanceof BackwardOp.Dropout) {
            return elementwise(a, size, CodeBlock.of("$L[i] * $L[i]", dy, l.field(n.id(), "Mask")));
        }
        if (op instanceof BackwardOp.Reshape) {
            return elementwise(a, size, CodeBlock.of("$L[i]", dy));
        }
        if (op instanceof BackwardOp.Add) {
            CodeBlock.Builder b = CodeBlock.builder();
            for (int input : n.inputs()) {
                if (l.needsGradient(input)) {
                    b.add(elementwise(input, size, CodeBlock.of("$L[i]", dy)));
                }
            }
            return b.build();
        }
        if (op instanceof BackwardOp.Concat) {
            CodeBlock.Builder b = CodeBlock.builder();
            String offset = "0";
            for (int input : n.inputs()) {
                if (l.needsGradient(input)) {
                    b.beginControlFlow("for (int r = 0; r < n; r++)")
                            .beginControlFlow("for (int j = 0; j < $L; j++)", l.size(input))
                            .addStatement("$L[r * $L + j] $L $L[r * $L + $L + j]", l.grad(input), l.size(input), assign(input),
                                    dy, size, offset)
                            .endControlFlow().endControlFlow();
                }
                offset = offset.equals("0") ? l.size(input) : offset + " + " + l.size(input);
            }
            return b.build();
        }
        if (op instanceof BackwardOp.Prelu p) {
            return prelu(n, p.inputGradient());
        }
        if (op instanceof BackwardOp.Maxout) {
            CodeBlock.Builder b = CodeBlock.builder();
            if (!accumulate(a)) {
                b.addStatement("$T.fill($L, 0, n * $L, $L)", java.util.Arrays.class, l.grad(a), l.size(a), l.literal(0));
            }
            return b.beginControlFlow("for (int o = 0, end = n * $L; o < end; o++)", size)
                    .addStatement("$L[$L[o]] += $L[o]", l.grad(a), l.field(n.id(), "Argmax"), dy)
                    .endControlFlow().build();
        }
        throw new IllegalStateException("no backward kernel for " + op);
    }

    /** {@code grad(input)[i] (+)= value} over the batch. */
    private CodeBlock elementwise(int input, String size, CodeBlock value) {
        return CodeBlock.builder()
                .beginControlFlow("for (int i = 0, end = n * $L; i < end; i++)", size)
                .addStatement("$L[i] $L $L", l.grad(input), assign(input), value)
                .endControlFlow().build();
    }

    private String assign(int input) {
        return accumulate(input) ? "+=" : "=";
    }

    private CodeBlock dense(Node n, boolean inputGradient) {
        int a = n.inputs().get(0);
        String in = l.size(a);
        String size = l.size(n.id());
        String dy = l.grad(n.id());
        Parameter weight = n.params().get(0);
        CodeBlock.Builder b = CodeBlock.builder();
        CodeBlock product = CodeBlock.of("$L.tn($L, $L, n, $L, 0, $L, $L, 0, $L, $L, 0, $L, false)", kernels.gemm(), size, in, dy, size,
                l.act(a), in, l.paramGrad(weight), in);
        if (FusedUpdate.applies(l, n)) {
            b.add("// The weight gradient, unless the trainer's update computes it ($L).\n", FusedUpdate.method(l, weight))
                    .beginControlFlow("if (!forUpdate)").addStatement(product).endControlFlow();
        } else {
            b.addStatement(product);
        }
        if (n.params().size() > 1) {
            String db = l.paramGrad(n.params().get(1));
            b.addStatement("$T.fill($L, $L)", java.util.Arrays.class, db, l.literal(0))
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .beginControlFlow("for (int j = 0, o = r * $L; j < $L; j++)", size, size)
                    .addStatement("$L[j] += $L[o + j]", db, dy)
                    .endControlFlow()
                    .endControlFlow();
        }
        if (inputGradient) {
            b.addStatement("$L.nn(n, $L, $L, $L, 0, $L, $L, 0, $L, $L, 0, $L, $L)", kernels.gemm(), in, size, dy, size,
                    l.param(weight), in, l.grad(a), in, accumulate(a));
        }
        return b.build();
    }

    /** The body of dense layer {@code n}'s {@link FusedUpdate#method}: its weight gradient for the last batch, into {@code sink}. */
    CodeBlock weightGradientInto(Node n) {
        int a = n.inputs().get(0);
        String in = l.size(a), size = l.size(n.id());
        return CodeBlock.builder().addStatement("$L.tnInto($L, $L, batch, $L, 0, $L, $L, 0, $L, $L, sink)", kernels.gemm(), size, in,
                l.grad(n.id()), size, l.act(a), in, l.paramGrad(n.params().get(0))).build();
    }

    private CodeBlock prelu(Node n, boolean inputGradient) {
        int a = n.inputs().get(0);
        String alpha = l.param(n.params().get(0));
        String dAlpha = l.paramGrad(n.params().get(0));
        int perChannel = n.shape().size() / n.shape().dim(0);
        String size = l.size(n.id());
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("$T.fill($L, $L)", java.util.Arrays.class, dAlpha, l.literal(0))
                .beginControlFlow("for (int i = 0, end = n * $L; i < end; i++)", size)
                .addStatement("final $T x = $L[i]", l.precision.type(), l.act(a))
                .addStatement("final int c = (i % $L) / $L", size, perChannel);
        if (inputGradient) {
            // x > 0 ? 1 : alpha without a branch: s + (1 − s)·alpha is exactly 1 or alpha for s = step(x) in {0, 1}
            b.addStatement("final $T s = $T.step(x)", l.precision.type(), ScalarCode.SCALAR)
                    .addStatement("$L[i] $L $L[i] * (s + ($L - s) * $L[c])", l.grad(a), assign(a), l.grad(n.id()), l.literal(1), alpha);
        }
        return b.addStatement("$L[c] += $L[i] * $T.min(x, $L)", dAlpha, l.grad(n.id()), Math.class, l.literal(0))
                .endControlFlow().build();
    }

    /** l2 terms: grad(w) += decay · w, with the decay loss(...) computed from the loss's partial derivatives. */
    CodeBlock decay() {
        CodeBlock.Builder b = CodeBlock.builder();
        for (Parameter p : LossEmitter.decayed(l)) {
            b.add("\n// l2 on $L\n", p.name());
            CodeBlock loop = CodeBlock.builder()
                    .addStatement("final $T decay = ($T) $LDecay", l.precision.type(), l.precision.type(), l.param(p))
                    .beginControlFlow("for (int i = from; i < to; i++)")
                    .addStatement("$L[i] += decay * $L[i]", l.paramGrad(p), l.param(p))
                    .endControlFlow().build();
            b.beginControlFlow("if ($LDecay != 0)", l.param(p))
                    .add(kernels.perRange(l.param(p) + "L2", "The l2 term's gradient on `" + p.name() + "`, elements [from, to).",
                            l.param(p) + ".length", Kernels.worthSplitting(p.size()), loop))
                    .endControlFlow();
        }
        return b.build();
    }
}
