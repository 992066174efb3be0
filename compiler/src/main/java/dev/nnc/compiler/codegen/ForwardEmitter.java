package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import java.util.Optional;

/** The body of {@code forward}: one block of loops or kernel calls per live node, in topological order. */
final class ForwardEmitter {
    private final Layout l;
    private final Kernels kernels;

    ForwardEmitter(Layout layout, Kernels kernels) {
        this.l = layout;
        this.kernels = kernels;
    }

    CodeBlock body() {
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("this.input = input");
        b.addStatement("this.batch = n");
        if (l.graph.nodes().stream().anyMatch(n -> l.live(n.id()) && n.op() instanceof Op.Dropout)) {
            b.beginControlFlow("if (training)").addStatement("dropoutStep++").endControlFlow();
        }
        for (Node n : l.graph.nodes()) {
            if (n.id() == 0 || !l.live(n.id()) || n.op() instanceof Op.Flatten) {
                continue;
            }
            b.add("\n// $L: $L, $L line $L\n", n.name(), n.op().kind(), l.graph.sourceFile(), n.span().line());
            if (ReluPool.fused(l, n)) {
                b.add("// computed by the max pooling after it\n");
                continue;
            }
            b.add(node(n));
        }
        return b.build();
    }

    /**
     * Whether a dropout's mask is drawn on all threads: a hash and a comparison per element weigh as about eight of the
     * element-wise loops {@link Kernels#worthSplitting} counts (CNN dropout_1, 50 × 1,024 values: 0.12–0.14 ms on one
     * thread).
     */
    private boolean worthDrawingSplit(Node n) {
        return Kernels.worthSplitting(8L * l.graph.train().batch() * n.shape().size());
    }

    private CodeBlock node(Node n) {
        Op op = n.op();
        String in = n.inputs().isEmpty() ? null : l.act(n.inputs().get(0));
        String out = l.act(n.id());
        String size = l.size(n.id());
        if (op instanceof Op.Dense d) {
            return dense(n, d, in, out);
        }
        if (op instanceof Op.Conv2d) {
            return new ConvEmitter(l, kernels).convForward(n, in, out);
        }
        if (op instanceof Op.Pool) {
            Optional<Node> relu = ReluPool.into(l, n);
            return new ConvEmitter(l, kernels).poolForward(n, relu.map(r -> l.act(r.inputs().get(0))).orElse(in), out, relu.isPresent());
        }
        if (op instanceof Op.Elementwise e) {
            ScalarCode.Code f = ScalarCode.of(e.function(), l.precision, "x", "s");
            CodeBlock.Builder b = CodeBlock.builder()
                    .beginControlFlow("for (int i = from * $L, end = to * $L; i < end; i++)", size, size)
                    .addStatement("final $T x = $L[i]", l.precision.type(), in);
            f.locals().forEach(b::addStatement);
            b.addStatement("$L[i] = $L", out, f.expression()).endControlFlow();
            return kernels.perRange(l.field(n.id(), "Forward"), "Layer `" + n.name() + "` forward for examples [from, to).", "n",
                    Kernels.worthSplitting(l, n), b.build());
        }
        if (op instanceof Op.Softmax) {
            return softmax(in, out, size);
        }
        if (op instanceof Op.Dropout d) {
            String mask = l.field(n.id(), "Mask");
            CodeBlock draw = CodeBlock.builder() // each mask element from its index alone: any split draws the same
                    .beginControlFlow("for (int i = from * $L, end = to * $L; i < end; i++)", size, size)
                    .addStatement("$L[i] = $T.keep(dropoutSeed, dropoutStep * 1024 + $L, i, $Lf, $L)", mask,
                            ScalarCode.SCALAR, n.id(), (float) d.rate(), l.literal(1 / (1 - d.rate())))
                    .addStatement("$L[i] = $L[i] * $L[i]", out, in, mask)
                    .endControlFlow().build();
            return CodeBlock.builder()
                    .beginControlFlow("if (training)")
                    .add(kernels.perRange(l.field(n.id(), "Forward"), "Layer `" + n.name() + "` forward for examples [from, to):"
                            + " its mask drawn, the inputs it keeps scaled.", "n", worthDrawingSplit(n), draw))
                    .nextControlFlow("else")
                    .addStatement("$T.arraycopy($L, 0, $L, 0, n * $L)", System.class, in, out, size)
                    .endControlFlow()
                    .build();
        }
        if (op instanceof Op.Add) {
            return CodeBlock.builder()
                    .beginControlFlow("for (int i = 0, end = n * $L; i < end; i++)", size)
                    .addStatement("$L[i] = $L[i] + $L[i]", out, in, l.act(n.inputs().get(1)))
                    .endControlFlow().build();
        }
        if (op instanceof Op.Concat) {
            CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (int r = 0; r < n; r++)");
            String offset = "0";
            for (int input : n.inputs()) {
                b.addStatement("$T.arraycopy($L, r * $L, $L, r * $L + $L, $L)", System.class, l.act(input), l.size(input),
                        out, size, offset, l.size(input));
                offset = offset.equals("0") ? l.size(input) : offset + " + " + l.size(input);
            }
            return b.endControlFlow().build();
        }
        if (op instanceof Op.Prelu) {
            String alpha = l.param(n.params().get(0));
            int perChannel = n.shape().size() / n.shape().dim(0);
            return CodeBlock.builder()
                    .beginControlFlow("for (int i = 0, end = n * $L; i < end; i++)", size)
                    .addStatement("final $T x = $L[i]", l.precision.type(), in)
                    // x > 0 ? x : alpha·x without the branch, which mispredicts on about half of a layer's values
                    .addStatement("$L[i] = $T.max(x, $L) + $L[(i % $L) / $L] * $T.min(x, $L)", out, Math.class, l.literal(0), alpha, size,
                            perChannel, Math.class, l.literal(0))
                    .endControlFlow().build();
        }
        if (op instanceof Op.Maxout m) {
            String argmax = l.field(n.id(), "Argmax");
            return CodeBlock.builder()
                    .beginControlFlow("for (int o = 0, end = n * $L; o < end; o++)", size)
                    .addStatement("int best = o * $L", m.k())
                    .beginControlFlow("for (int j = best + 1; j < (o + 1) * $L; j++)", m.k())
                    .beginControlFlow("if ($L[j] > $L[best])", in, in)
                    .addStatement("best = j")
                    .endControlFlow()
                    .endControlFlow()
                    .addStatement("$L[o] = best", argmax)
                    .addStatement("$L[o] = $L[best]", out, in)
                    .endControlFlow().build();
        }
        throw new IllegalStateException("no forward kernel for " + op.kind());
    }

    private CodeBlock dense(Node n, Op.Dense d, String in, String out) {
        String inSize = l.size(n.inputs().get(0));
        String size = l.size(n.id());
        CodeBlock.Builder b = CodeBlock.builder();
        b.addStatement("$L.nt(n, $L, $L, $L, 0, $L, $L, 0, $L, $L, 0, $L, false)", kernels.gemm(), size, inSize, in, inSize,
                l.param(n.params().get(0)), inSize, out, size);
        if (d.bias()) {
            String bias = l.param(n.params().get(1));
            b.beginControlFlow("for (int r = 0; r < n; r++)")
                    .beginControlFlow("for (int j = 0, o = r * $L; j < $L; j++)", size, size)
                    .addStatement("$L[o + j] += $L[j]", out, bias)
                    .endControlFlow()
                    .endControlFlow();
        }
        return b.build();
    }

    private CodeBlock softmax(String in, String out, String size) {
        return CodeBlock.builder()
                .beginControlFlow("for (int r = 0; r < n; r++)")
                .addStatement("final int o = r * $L", size)
                .addStatement("$T max = $L[o]", l.precision.type(), in)
                .beginControlFlow("for (int j = 1; j < $L; j++)", size)
                .addStatement("max = $T.max(max, $L[o + j])", Math.class, in)
                .endControlFlow()
                .addStatement("double sum = 0")
                .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                .addStatement("final $T e = $T.exp($L[o + j] - max)", l.precision.type(), ScalarCode.SCALAR, in)
                .addStatement("$L[o + j] = e", out)
                .addStatement("sum += e")
                .endControlFlow()
                .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                .addStatement("$L[o + j] /= sum", out)
                .endControlFlow()
                .endControlFlow()
                .build();
    }
}
