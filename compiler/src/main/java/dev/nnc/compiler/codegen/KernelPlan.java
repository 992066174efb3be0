package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.autodiff.BackwardOp;
import dev.nnc.compiler.autodiff.GradientGraph;
import dev.nnc.compiler.ir.Loss;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Parameter;
import dev.nnc.compiler.ir.Target;
import dev.nnc.compiler.ir.TrainConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The passes of a model's OpenCL kernel, grouped by when the host runs them: forward, the loss's
 * per-row terms, the seeds of backpropagation, backward, weight decay and the optimizer update. Each
 * pass computes one element per work item, or, for GPUs, matrix products in tiles ({@link TiledProduct});
 * the same gradient graph as the Java backend drives it.
 */
final class KernelPlan {
    static final int L2_CHUNK = 4096;

    final List<Pass> forward = new ArrayList<>();
    final List<Pass> lossRows = new ArrayList<>();
    final List<Pass> seeds = new ArrayList<>();
    final List<Pass> backward = new ArrayList<>();
    final List<Pass> update = new ArrayList<>();
    Pass argmax;

    private final Layout l;
    private final boolean tiled;
    private final Set<Integer> written = new HashSet<>();
    /** The node-reading loss terms, in order; term i writes rowLoss[i * maxBatch + r]. */
    final List<Loss> rowTerms = new ArrayList<>();
    /** Offsets of each decayed or l2-summed weight's chunks in {@code l2Partial}. */
    final List<Parameter> l2Weights;

    /** {@code tiled}: matrix products as {@link TiledProduct}s in local memory (for GPUs), else direct passes. */
    KernelPlan(Layout layout, boolean tiled) {
        this.l = layout;
        this.tiled = tiled;
        this.l2Weights = LossEmitter.decayed(layout);
        for (Node n : l.graph.nodes()) {
            if (n.id() > 0 && l.live(n.id()) && !(n.op() instanceof Op.Flatten)) {
                forward.add(forward(n));
            }
        }
        List<Loss> terms = l.gradients.terms();
        for (int i = 0; i < terms.size(); i++) {
            Loss t = terms.get(i);
            if (GradientGraph.lossNode(t).isPresent()) {
                rowTerms.add(t);
                lossRows.add(lossRow(rowTerms.size() - 1, t));
                seeds.add(seed(i, t));
            }
        }
        for (int w = 0; w < l2Weights.size(); w++) {
            lossRows.add(l2Sum(w, l2Weights.get(w)));
        }
        for (BackwardOp op : l.gradients.ops()) {
            backward.addAll(backward(op));
        }
        update.add(optimizerStep()); // a model has parameters: CodeGenerator.unsupported refuses one without
        int out = l.gradients.terms().stream().map(GradientGraph::lossNode).flatMap(java.util.Optional::stream).findFirst().orElseThrow();
        argmax = new Pass("predict", "the most likely class of each row", CodeBlock.of("n"), CodeBlock.builder()
                .addStatement("final int o = gid * $L", l.size(out))
                .addStatement("int best = 0")
                .beginControlFlow("for (int j = 1; j < $L; j++)", l.size(out))
                .beginControlFlow("if ($L[o + j] > $L[o + best])", l.act(out), l.act(out))
                .addStatement("best = j")
                .endControlFlow()
                .endControlFlow()
                .addStatement("predicted[gid] = best").build());
    }

    static int chunks(Parameter p) {
        return (p.size() + L2_CHUNK - 1) / L2_CHUNK;
    }

    private static CodeBlock size(Parameter p) {
        return CodeBlock.of("$L", p.size());
    }

    private CodeBlock batch(int id) {
        return CodeBlock.of("n * $L", l.size(id));
    }

    private Pass forward(Node n) {
        String name = JavaNames.camel(n.name());
        String in = n.inputs().isEmpty() ? null : l.act(n.inputs().get(0));
        String out = l.act(n.id());
        String size = l.size(n.id());
        String doc = "%s: %s, %s line %d".formatted(n.name(), n.op().kind(), l.graph.sourceFile(), n.span().line());
        CodeBlock.Builder b = CodeBlock.builder();
        Op op = n.op();
        if (op instanceof Op.Dense d) {
            String inSize = l.size(n.inputs().get(0));
            String weight = l.param(n.params().get(0));
            String bias = d.bias() ? l.param(n.params().get(1)) + "[j]" : "0f";
            b.addStatement("final int r = gid / $L", size).addStatement("final int j = gid - r * $L", size)
                    .addStatement("float s = $L", bias)
                    .beginControlFlow("for (int k = 0; k < $L; k++)", inSize)
                    .addStatement("s += $L[r * $L + k] * $L[j * $L + k]", in, inSize, weight, inSize)
                    .endControlFlow()
                    .addStatement("$L[gid] = s", out);
            return product(new Pass(name + "Forward", doc, batch(n.id()), b.build()), new TiledProduct(CodeBlock.of("n"),
                    CodeBlock.of("$L", size), CodeBlock.of("$L", inSize),
                    new TiledProduct.Operand(true, TiledProduct.expression(in + "[%1$s * " + inSize + " + %2$s]")),
                    new TiledProduct.Operand(true, TiledProduct.expression(weight + "[%2$s * " + inSize + " + %1$s]")),
                    CodeBlock.builder().addStatement("$L[i * $L + j] = s + $L", out, size, bias).build()));
        } else if (op instanceof Op.Conv2d) {
            ConvPasses conv = new ConvPasses(l);
            return product(new Pass(name + "Forward", doc, batch(n.id()), conv.convForward(n, in, out)),
                    conv.convForwardTiled(n, in, out));
        } else if (op instanceof Op.Pool) {
            b.add(new ConvPasses(l).poolForward(n, in, out));
        } else if (op instanceof Op.Elementwise e) {
            ScalarCode.Code f = ScalarCode.forKernel(e.function(), "x", "s");
            b.addStatement("final float x = $L[gid]", in);
            f.locals().forEach(b::addStatement);
            b.addStatement("$L[gid] = $L", out, f.expression());
        } else if (op instanceof Op.Softmax) {
            return new Pass(name + "Forward", doc, CodeBlock.of("n"), CodeBlock.builder()
                    .addStatement("final int o = gid * $L", size)
                    .addStatement("float m = $L[o]", in)
                    .beginControlFlow("for (int j = 1; j < $L; j++)", size).addStatement("m = max(m, $L[o + j])", in).endControlFlow()
                    .addStatement("float sum = 0f")
                    .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                    .addStatement("final float e = exp($L[o + j] - m)", in).addStatement("$L[o + j] = e", out).addStatement("sum += e")
                    .endControlFlow()
                    .beginControlFlow("for (int j = 0; j < $L; j++)", size).addStatement("$L[o + j] = $L[o + j] / sum", out, out)
                    .endControlFlow().build());
        } else if (op instanceof Op.Dropout d) {
            String mask = l.field(n.id(), "Mask");
            b.beginControlFlow("if (training == 1)")
                    .addStatement("final float keep = uniform(dropoutSeed, dropoutStep * 1024 + $L, gid) < $Lf ? 0f : $Lf", n.id(),
                            (float) d.rate(), (float) (1 / (1 - d.rate())))
                    .addStatement("$L[gid] = keep", mask)
                    .addStatement("$L[gid] = $L[gid] * keep", out, in)
                    .nextControlFlow("else")
                    .addStatement("$L[gid] = $L[gid]", out, in)
                    .endControlFlow();
        } else if (op instanceof Op.Add) {
            b.addStatement("$L[gid] = $L[gid] + $L[gid]", out, in, l.act(n.inputs().get(1)));
        } else if (op instanceof Op.Concat) {
            b.addStatement("final int r = gid / $L", size).addStatement("final int j = gid - r * $L", size);
            String offset = "0";
            for (int k = 0; k < n.inputs().size(); k++) {
                int input = n.inputs().get(k);
                String end = offset.equals("0") ? l.size(input) : offset + " + " + l.size(input);
                b.add(k == 0 ? "" : "} else ").add("if (j < $L) {\n", end).indent()
                        .addStatement("$L[gid] = $L[r * $L + j - ($L)]", out, l.act(input), l.size(input), offset).unindent();
                offset = end;
            }
            b.add("}\n");
        } else if (op instanceof Op.Prelu) {
            int perChannel = n.shape().size() / n.shape().dim(0);
            b.addStatement("final float x = $L[gid]", in)
                    .addStatement("$L[gid] = x > 0f ? x : $L[(gid % $L) / $L] * x", out, l.param(n.params().get(0)), size, perChannel);
        } else if (op instanceof Op.Maxout m) {
            b.addStatement("int best = gid * $L", m.k())
                    .beginControlFlow("for (int j = gid * $L + 1; j < (gid + 1) * $L; j++)", m.k(), m.k())
                    .beginControlFlow("if ($L[j] > $L[best])", in, in).addStatement("best = j").endControlFlow()
                    .endControlFlow()
                    .addStatement("$L[gid] = best", l.field(n.id(), "Argmax"))
                    .addStatement("$L[gid] = $L[best]", out, in);
        } else {
            throw new IllegalStateException("no OpenCL kernel for " + op.kind());
        }
        return new Pass(name + "Forward", doc, batch(n.id()), b.build());
    }

    private String target() {
        return l.graph.target() instanceof Target.Classes ? "labels" : "targets";
    }

    /** Row r's contribution to term i (before the mean), into rowLoss[i * maxBatch + r]. */
    private Pass lossRow(int i, Loss term) {
        int node = GradientGraph.lossNode(term).orElseThrow();
        String z = l.act(node);
        String size = l.size(node);
        CodeBlock.Builder b = CodeBlock.builder().addStatement("final int o = gid * $L", size);
        if (term instanceof Loss.SoftmaxCrossEntropy s) {
            b.add(logSumExp(z, size));
            if (s.target() instanceof Target.Classes) {
                b.addStatement("rowLoss[$L * maxBatch + gid] = logSum - $L[o + labels[gid]]", i, z);
            } else {
                b.addStatement("float t = 0f")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                        .addStatement("t += targets[o + j] * (logSum - $L[o + j])", z).endControlFlow()
                        .addStatement("rowLoss[$L * maxBatch + gid] = t", i);
            }
        } else {
            boolean mse = term instanceof Loss.MeanSquaredError;
            b.addStatement("float t = 0f")
                    .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                    .addStatement("final float z = $L[o + j]", z)
                    .addStatement("final float y = $L[o + j]", target())
                    .addStatement(mse ? "t += (z - y) * (z - y)" : "t += max(z, 0f) - z * y + log(1f + exp(-abs(z)))")
                    .endControlFlow()
                    .addStatement("rowLoss[$L * maxBatch + gid] = t", i);
        }
        return new Pass("lossRow" + i, "row sums of the loss term " + i, CodeBlock.of("n"), b.build());
    }

    private Pass l2Sum(int w, Parameter p) {
        int offset = 0;
        for (int k = 0; k < w; k++) {
            offset += chunks(l2Weights.get(k));
        }
        // item gid sums every chunks(p)-th weight from gid: neighbouring items read neighbouring weights (coalesced on a GPU;
        // a contiguous chunk each made fc1's sum 0.41 ms of an H100's CNN step)
        return new Pass(l.param(p) + "SquareSum", "Σ w² of " + p.name() + " in " + chunks(p) + " strided parts", CodeBlock.of("$L", chunks(p)),
                CodeBlock.builder()
                        .addStatement("float s = 0f")
                        .beginControlFlow("for (int i = gid; i < $L; i += $L)", p.size(), chunks(p))
                        .addStatement("s += $L[i] * $L[i]", l.param(p), l.param(p))
                        .endControlFlow()
                        .addStatement("l2Partial[$L + gid] = s", offset).build());
    }

    private CodeBlock logSumExp(String z, String size) {
        return CodeBlock.builder()
                .addStatement("float m = $L[o]", z)
                .beginControlFlow("for (int j = 1; j < $L; j++)", size).addStatement("m = max(m, $L[o + j])", z).endControlFlow()
                .addStatement("float sum = 0f")
                .beginControlFlow("for (int j = 0; j < $L; j++)", size).addStatement("sum += exp($L[o + j] - m)", z).endControlFlow()
                .addStatement("final float logSum = m + log(sum)").build();
    }

    /** ∂loss/∂logits for term i, scaled by the host-computed {@code c<i>} (the term's partial over its mean's divisor). */
    private Pass seed(int i, Loss term) {
        int node = GradientGraph.lossNode(term).orElseThrow();
        String grad = l.grad(node);
        String assign = written.add(node) ? "=" : "+=";
        String z = l.act(node);
        String size = l.size(node);
        CodeBlock.Builder b = CodeBlock.builder();
        if (term instanceof Loss.SoftmaxCrossEntropy s) {
            b.addStatement("final int r = gid / $L", size).addStatement("final int o = r * $L", size).add(logSumExp(z, size))
                    .addStatement("final float p = exp($L[gid] - logSum)", z);
            if (s.target() instanceof Target.Classes) {
                b.addStatement("$L[gid] $L c$L * (gid - o == labels[r] ? p - 1f : p)", grad, assign, i);
            } else {
                b.addStatement("float mass = 0f")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", size).addStatement("mass += targets[o + j]").endControlFlow()
                        .addStatement("$L[gid] $L c$L * (p * mass - targets[gid])", grad, assign, i);
            }
        } else if (term instanceof Loss.MeanSquaredError) {
            b.addStatement("$L[gid] $L c$L * 2f * ($L[gid] - $L[gid])", grad, assign, i, z, target());
        } else {
            b.addStatement("$L[gid] $L c$L * (sigmoid($L[gid]) - $L[gid])", grad, assign, i, z, target());
        }
        return new Pass("seed" + i, "∂loss/∂" + l.node(node).name() + " from loss term " + i, batch(node), b.build());
    }

    /** A matrix product's pass: {@code direct}, or the same computation tiled when this plan is for a GPU. */
    private Pass product(Pass direct, TiledProduct tiledForm) {
        return tiled ? tiledForm.pass(direct.method(), direct.doc()) : direct;
    }

    /** A sum over the batch's positions: {@code direct}, or reduced by work groups when this plan is for a GPU. */
    private Pass reduced(Pass direct, ReducedProduct reducedForm) {
        return tiled ? reducedForm.pass(direct.method(), direct.doc()) : direct;
    }

    private String assign(int input) {
        return written.add(input) ? "=" : "+=";
    }

    private List<Pass> backward(BackwardOp op) {
        Node n = l.node(op.node());
        String name = JavaNames.camel(n.name());
        String dy = l.grad(n.id());
        String size = l.size(n.id());
        int a = n.inputs().isEmpty() ? -1 : n.inputs().get(0);
        List<Pass> passes = new ArrayList<>();
        String doc = "∂loss through %s: %s, %s line %d".formatted(n.name(), n.op().kind(), l.graph.sourceFile(), n.span().line());
        if (op instanceof BackwardOp.Dense d) {
            String in = l.size(a);
            Parameter w = n.params().get(0);
            passes.add(product(new Pass(name + "WeightGrad", doc, CodeBlock.of("$L", w.size()), CodeBlock.builder()
                    .addStatement("final int j = gid / $L", in).addStatement("final int k = gid - j * $L", in)
                    .addStatement("float s = 0f")
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .addStatement("s += $L[r * $L + j] * $L[r * $L + k]", dy, size, l.act(a), in)
                    .endControlFlow()
                    .addStatement("$L[gid] = s", l.paramGrad(w)).build()),
                    new TiledProduct(CodeBlock.of("$L", size), CodeBlock.of("$L", in), CodeBlock.of("n"),
                            new TiledProduct.Operand(false, TiledProduct.expression(dy + "[%2$s * " + size + " + %1$s]")),
                            new TiledProduct.Operand(false, TiledProduct.expression(l.act(a) + "[%1$s * " + in + " + %2$s]")),
                            CodeBlock.builder().addStatement("$L[i * $L + j] = s", l.paramGrad(w), in).build())));
            if (n.params().size() > 1) {
                passes.add(new Pass(name + "BiasGrad", doc, CodeBlock.of("$L", size), CodeBlock.builder()
                        .addStatement("float s = 0f")
                        .beginControlFlow("for (int r = 0; r < n; r++)").addStatement("s += $L[r * $L + gid]", dy, size).endControlFlow()
                        .addStatement("$L[gid] = s", l.paramGrad(n.params().get(1))).build()));
            }
            if (d.inputGradient()) {
                String assign = assign(a);
                passes.add(product(new Pass(name + "InputGrad", doc, batch(a), CodeBlock.builder()
                        .addStatement("final int r = gid / $L", in).addStatement("final int k = gid - r * $L", in)
                        .addStatement("float s = 0f")
                        .beginControlFlow("for (int j = 0; j < $L; j++)", size)
                        .addStatement("s += $L[r * $L + j] * $L[j * $L + k]", dy, size, l.param(w), in)
                        .endControlFlow()
                        .addStatement("$L[gid] $L s", l.grad(a), assign).build()),
                        new TiledProduct(CodeBlock.of("n"), CodeBlock.of("$L", in), CodeBlock.of("$L", size),
                                new TiledProduct.Operand(true, TiledProduct.expression(dy + "[%1$s * " + size + " + %2$s]")),
                                new TiledProduct.Operand(false, TiledProduct.expression(l.param(w) + "[%1$s * " + in + " + %2$s]")),
                                CodeBlock.builder().addStatement("$L[i * $L + j] $L s", l.grad(a), in, assign).build())));
            }
            return passes;
        }
        if (op instanceof BackwardOp.Conv2d c) {
            ConvPasses conv = new ConvPasses(l);
            Pass weightGrad = new Pass(name + "WeightGrad", doc, size(n.params().get(0)), conv.convWeightGrad(n));
            Geometry g = Geometry.of(l, n);
            passes.add(g.f() * g.patch() <= ReducedProduct.MAX_CELLS ? reduced(weightGrad, conv.convWeightGradReduced(n))
                    : product(weightGrad, conv.convWeightGradTiled(n)));
            if (n.params().size() > 1) {
                passes.add(reduced(new Pass(name + "BiasGrad", doc, size(n.params().get(1)), conv.convBiasGrad(n)), conv.convBiasGradReduced(n)));
            }
            if (c.inputGradient()) {
                String assign = assign(a);
                passes.add(product(new Pass(name + "InputGrad", doc, batch(a), conv.convInputGrad(n, assign)),
                        conv.convInputGradTiled(n, assign)));
            }
            return passes;
        }
        if (op instanceof BackwardOp.Pool) {
            passes.add(new Pass(name + "Backward", doc, batch(a), new ConvPasses(l).poolBackward(n, assign(a))));
            return passes;
        }
        CodeBlock.Builder b = CodeBlock.builder();
        CodeBlock range = batch(n.id());
        if (op instanceof BackwardOp.Map m) {
            ScalarCode.Code f = ScalarCode.forKernel(m.derivative(), "x", "s");
            b.addStatement("final float x = $L[gid]", l.act(a));
            f.locals().forEach(b::addStatement);
            b.addStatement("$L[gid] $L $L[gid] * ($L)", l.grad(a), assign(a), dy, f.expression());
        } else if (op instanceof BackwardOp.Softmax) {
            String y = l.act(n.id());
            range = CodeBlock.of("n");
            b.addStatement("final int o = gid * $L", size).addStatement("float dot = 0f")
                    .beginControlFlow("for (int j = 0; j < $L; j++)", size).addStatement("dot += $L[o + j] * $L[o + j]", dy, y).endControlFlow();
            String assign = assign(a);
            b.beginControlFlow("for (int j = 0; j < $L; j++)", size)
                    .addStatement("$L[o + j] $L $L[o + j] * ($L[o + j] - dot)", l.grad(a), assign, y, dy)
                    .endControlFlow();
        } else if (op instanceof BackwardOp.Dropout) {
            b.addStatement("$L[gid] $L $L[gid] * $L[gid]", l.grad(a), assign(a), dy, l.field(n.id(), "Mask"));
        } else if (op instanceof BackwardOp.Reshape) {
            b.addStatement("$L[gid] $L $L[gid]", l.grad(a), assign(a), dy);
        } else if (op instanceof BackwardOp.Add) {
            for (int input : n.inputs()) {
                if (l.needsGradient(input)) {
                    passes.add(new Pass(name + "Grad" + passes.size(), doc, range,
                            CodeBlock.of("$L[gid] $L $L[gid];\n", l.grad(input), assign(input), dy)));
                }
            }
            return passes;
        } else if (op instanceof BackwardOp.Concat) {
            String offset = "0";
            for (int input : n.inputs()) {
                if (l.needsGradient(input)) {
                    passes.add(new Pass(name + "Grad" + passes.size(), doc, batch(input), CodeBlock.builder()
                            .addStatement("final int r = gid / $L", l.size(input))
                            .addStatement("$L[gid] $L $L[r * $L + ($L) + gid - r * $L]", l.grad(input), assign(input), dy, size,
                                    offset, l.size(input)).build()));
                }
                offset = offset.equals("0") ? l.size(input) : offset + " + " + l.size(input);
            }
            return passes;
        } else if (op instanceof BackwardOp.Prelu p) {
            int perChannel = n.shape().size() / n.shape().dim(0);
            Parameter alpha = n.params().get(0);
            passes.add(new Pass(name + "SlopeGrad", doc, CodeBlock.of("$L", alpha.size()), CodeBlock.builder()
                    .addStatement("float s = 0f")
                    .beginControlFlow("for (int r = 0; r < n; r++)")
                    .beginControlFlow("for (int i = gid * $L; i < (gid + 1) * $L; i++)", perChannel, perChannel)
                    .addStatement("s += $L[r * $L + i] * min($L[r * $L + i], 0f)", dy, size, l.act(a), size)
                    .endControlFlow().endControlFlow()
                    .addStatement("$L[gid] = s", l.paramGrad(alpha)).build()));
            if (!p.inputGradient()) {
                return passes;
            }
            b.addStatement("final float x = $L[gid]", l.act(a))
                    .addStatement("$L[gid] $L $L[gid] * (x > 0f ? 1f : $L[(gid % $L) / $L])", l.grad(a), assign(a), dy, l.param(alpha),
                            size, perChannel);
        } else if (op instanceof BackwardOp.Maxout m) {
            int k = ((Op.Maxout) n.op()).k();
            range = batch(a);
            b.addStatement("final int o = gid / $L", k)
                    .addStatement("$L[gid] $L $L[o] == gid ? $L[o] : 0f", l.grad(a), assign(a), l.field(n.id(), "Argmax"), dy);
        }
        passes.add(0, new Pass(name + "Backward", doc, range, b.build()));
        return passes;
    }

    /**
     * The l2 terms' gradients and the optimizer's step on every parameter, in one pass: work item gid updates element
     * gid of the parameters laid end to end. One pass, not two a parameter: each costs a launch, about 70 µs on an H100
     * through Aparapi, more than these passes' work (the CNN's 12 took 0.8 ms of launches a step for 0.13 ms of kernels).
     */
    private Pass optimizerStep() {
        CodeBlock.Builder b = CodeBlock.builder();
        int from = 0;
        List<Parameter> parameters = l.graph.parameters();
        for (int k = 0; k < parameters.size(); k++) {
            Parameter p = parameters.get(k);
            int to = from + p.size();
            if (k == 0) {
                b.beginControlFlow("if (gid < $L)", to);
            } else {
                b.nextControlFlow("else if (gid < $L)", to);
            }
            b.addStatement(from == 0 ? "final int i = gid" : "final int i = gid - " + from);
            if (l2Weights.contains(p)) {
                b.addStatement("$L[i] += $LDecay * $L[i]", l.paramGrad(p), l.param(p), l.param(p));
            }
            b.add(update(p));
            from = to;
        }
        b.endControlFlow();
        // rounded up to whole groups of 256, so that a range of a prime size does not run in groups of 1
        return new Pass("optimizerStep", "the l2 terms' gradients and the optimizer's step on every parameter",
                CodeBlock.of("$L", (from + 255) / 256 * 256), b.build());
    }

    /** The optimizer's step on element {@code i} of {@code p}. */
    private CodeBlock update(Parameter p) {
        String w = l.param(p);
        String g = l.paramGrad(p);
        TrainConfig.Optimizer o = l.graph.train().optimizer();
        CodeBlock.Builder b = CodeBlock.builder().addStatement("final float g = $L[i]", g);
        if (o instanceof TrainConfig.Optimizer.Momentum mo) {
            b.addStatement("final float v = $LVelocity[i] * $Lf + g", w, (float) mo.beta())
                    .addStatement("$LVelocity[i] = v", w)
                    .addStatement("$L[i] -= lr * v", w);
        } else if (o instanceof TrainConfig.Optimizer.Adagrad ad) {
            b.addStatement("final float s = $LSquareSum[i] + g * g", w)
                    .addStatement("$LSquareSum[i] = s", w)
                    .addStatement("$L[i] -= lr * g / (sqrt(s) + $Lf)", w, (float) ad.eps());
        } else if (o instanceof TrainConfig.Optimizer.Adam a) {
            b.addStatement("final float m = $Lf * $LMean[i] + $Lf * g", (float) a.beta1(), w, (float) (1 - a.beta1()))
                    .addStatement("final float v = $Lf * $LVariance[i] + $Lf * g * g", (float) a.beta2(), w, (float) (1 - a.beta2()))
                    .addStatement("$LMean[i] = m", w)
                    .addStatement("$LVariance[i] = v", w)
                    .addStatement("$L[i] -= stepSize * m / (sqrt(v) * correction + $Lf)", w, (float) a.eps());
        } else {
            b.addStatement("$L[i] -= lr * g", w);
        }
        return b.build();
    }
}
