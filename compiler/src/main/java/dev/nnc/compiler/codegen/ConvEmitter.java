package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Window;
import java.util.Arrays;
import java.util.Optional;

/**
 * Java kernels for convolution and pooling over NCHW tensors. A convolution is a product with its input's
 * windows ({@code Windows} in the runtime), formed while the product packs its operands and never stored:
 * forward, weights[F × C·kh·kw] · windows per example, the batch split between the threads; the weight
 * gradient, dY · windowsᵀ summed over the batch in one product; the input gradient, Wᵀ · dY per example,
 * each window gradient added onto the input element its window read as it is computed. Measured on the MNIST
 * CNN, that beats the product of the output gradient's windows with the flipped kernels, whose packing costs
 * more than the fold.
 */
final class ConvEmitter {
    private final Layout l;
    private final Kernels kernels;

    ConvEmitter(Layout layout, Kernels kernels) {
        this.l = layout;
        this.kernels = kernels;
    }

    /** The constant holding convolution {@code n}'s windows, {@code CONV2_WINDOWS}. */
    static String windows(Node n) {
        return JavaNames.constant(n.name()) + "_WINDOWS";
    }

    /** Per range of examples, in parallel: the product with the windows, then the bias. */
    CodeBlock convForward(Node n, String in, String out) {
        Geometry g = Geometry.of(l, n);
        String weight = l.param(n.params().get(0));
        CodeBlock.Builder b = CodeBlock.builder()
                .addStatement("$L.nnWindows($L, $L, 0, $L, $L, $L, from * $L, $L, $L, from * $L, $L, to - from, false)", kernels.gemm(),
                        g.f(), weight, g.patch(), windows(n), in, g.in(), g.in(), out, g.out(), g.out());
        boolean deferred = BiasPool.deferred(l, n), bias = n.params().size() > 1 && !deferred;
        if (deferred) {
            b.add("// the bias: added by the max pooling after it\n");
        } else if (bias) {
            b.beginControlFlow("for (int r = from; r < to; r++)")
                    .beginControlFlow("for (int f = 0; f < $L; f++)", g.f())
                    .addStatement("final $T bias = $L[f]", l.precision.type(), l.param(n.params().get(1)))
                    .beginControlFlow("for (int p = r * $L + f * $L, end = p + $L; p < end; p++)", g.out(), g.pixels(), g.pixels())
                    .addStatement("$L[p] += bias", out)
                    .endControlFlow().endControlFlow().endControlFlow();
        }
        return kernels.perRange(l.field(n.id(), "Forward"), "Layer `" + n.name() + "` forward for examples [from, to): the weights times the"
                + " input's windows" + (bias ? ", plus the bias." : "."), b.build());
    }

    /**
     * dW = Σ_r dY_r · windows_rᵀ; db = Σ dY; then the input's gradient, per range of examples in parallel.
     * {@code assignInput}: whether this is the first write to the input's gradient.
     */
    CodeBlock convBackward(Node n, boolean inputGradient, boolean assignInput) {
        Geometry g = Geometry.of(l, n);
        int a = n.inputs().get(0);
        String dy = l.grad(n.id());
        String weight = l.param(n.params().get(0));
        String dw = l.paramGrad(n.params().get(0));
        CodeBlock.Builder b = CodeBlock.builder();
        if (PooledGradient.applies(l, n)) {
            Node pool = BiasPool.pooling(l, n);
            b.add("// from what $L sent back, and where: its gradient and arg-max\n", pool.name())
                    .addStatement("$L.ntWindowsPooled($L, $L, $L, 0, $L, $L, $L, $L, 0, $L, $L, 0, n, false)", kernels.gemm(), g.f(),
                            l.grad(pool.id()), l.field(pool.id(), "Argmax"), Geometry.of(l, pool).out(), g.out(), windows(n), l.act(a),
                            g.in(), dw);
        } else {
            b.addStatement("$L.ntWindows($L, $L, 0, $L, $L, $L, 0, $L, $L, 0, n, false)", kernels.gemm(), g.f(), dy, g.out(), windows(n),
                    l.act(a), g.in(), dw);
        }
        if (n.params().size() > 1) { // per range of filters, in parallel (the sums read all of dY); batch = n, checked
            CodeBlock.Builder filters = CodeBlock.builder()
                    .beginControlFlow("for (int f = from; f < to; f++)")
                    .addStatement("$T s = 0", l.precision.type())
                    .beginControlFlow("for (int r = 0; r < batch; r++)");
            if (BiasPool.deferred(l, n)) {
                filters.add(biasGradientFromPooling(n));
            } else {
                filters.addStatement("final int p = r * $L + f * $L", g.out(), g.pixels())
                        .addStatement("s += $T.sum($L, p, p + $L)", Kernels.SUMS, dy, g.pixels());
            }
            filters.endControlFlow()
                    .addStatement("$L[f] = s", l.paramGrad(n.params().get(1)))
                    .endControlFlow();
            b.add(kernels.perRange(l.field(n.id(), "BiasGradient"), "Layer `" + n.name() + "`: the bias's gradient for filters [from, to).",
                    String.valueOf(g.f()), Kernels.worthSplitting(l, n), filters.build()));
        }
        if (!inputGradient) {
            return b.build();
        }
        return b.add(inputGradient(n, g, assignInput)).build();
    }

    /**
     * Example r's share of filter f's bias gradient where the max pooling after convolution {@code n} adds its bias
     * ({@link BiasPool}): the pooling sends each window's gradient to one element of dY and nothing elsewhere, so dY's
     * sum over a filter's plane is the sum of what the pooling sent, a quarter of the values for 2 × 2 windows. Through a
     * ReLU the pooling computes, what it sent is its gradient times the ReLU's derivative, which it stores in its
     * gradient for this sum ({@link #poolBackward}).
     */
    private CodeBlock biasGradientFromPooling(Node n) {
        Node pool = BiasPool.pooling(l, n);
        Geometry p = Geometry.of(l, pool);
        return CodeBlock.builder().addStatement("final int p = r * $L + f * $L", p.out(), p.pixels())
                .addStatement("s += $T.sum($L, p, p + $L)", Kernels.SUMS, l.grad(pool.id()), p.pixels()).build();
    }

    /** The input gradient: the window gradients Wᵀ · dY per example, folded back onto dX as they are computed. */
    private CodeBlock inputGradient(Node n, Geometry g, boolean assignInput) {
        return CodeBlock.builder()
                .addStatement("$L.tnWindows($L, $L, 0, $L, $L, $L, 0, $L, $L, 0, $L, n, $L)", kernels.gemm(), g.f(),
                        l.param(n.params().get(0)), g.patch(), windows(n), l.grad(n.id()), g.out(), l.grad(n.inputs().get(0)), g.in(),
                        !assignInput)
                .build();
    }

    /**
     * Max pooling keeps each window's arg-max (input index) for the backward pass; padding never wins. Where no window is
     * clipped (no padding, windows inside the input) the window loops have constant bounds, which C2 unrolls. The
     * arg-max is kept without a branch: {@code best = v > top ? i : best}, the maximum by {@code Math.max}. A branch
     * mispredicts on about every other comparison (ties between ReLU's zeros aside): conv1's pooling over 25 examples,
     * 2.9 ms branching against 1.6 ms. A NaN never wins, as with the branch, but once seen keeps later values from
     * winning; the output is {@code in[best]}, so it is one of the window's values either way. A 2 × 2 window inside
     * the input (the classic pooling) is written out instead: each row's pair first, then the rows, two short chains
     * rather than one of four, and the output the maximum itself rather than a load through the arg-max (conv1's
     * pooling over 50 examples, one thread, in a probe: 0.8 against 2.2–4.5 ms). The same first maximum wins, in
     * reading order; a NaN in the window makes the output NaN.
     */
    CodeBlock poolForward(Node n, String in, String out, boolean relu) {
        Geometry g = Geometry.of(l, n);
        Window w = g.win();
        boolean unclipped = unclipped(g);
        Optional<Node> conv = BiasPool.into(l, n);
        CodeBlock.Builder b = CodeBlock.builder().beginControlFlow("for (int c = 0; c < $L; c++)", g.c());
        conv.ifPresent(cv -> b.addStatement("final $T bias = $L[c]", l.precision.type(), l.param(cv.params().get(1))));
        b.addStatement("final int plane = (r * $L + c) * $L", g.c(), g.h() * g.w())
                .beginControlFlow("for (int y = 0; y < $L; y++)", g.oh())
                .beginControlFlow("for (int x = 0; x < $L; x++)", g.ow())
                .addStatement("final int o = (r * $L + c) * $L + y * $L + x", g.c(), g.pixels(), g.ow());
        // the window: its first element, loops over its rows sy and columns sx, the index of element (sy, sx), its size
        String first, element, cells;
        CodeBlock loops;
        if (unclipped) {
            b.addStatement("final int corner = plane + y * $L + x * $L", w.strideH() * g.w(), w.strideW());
            first = "corner";
            loops = CodeBlock.builder().beginControlFlow("for (int sy = 0; sy < $L; sy++)", w.kernelH())
                    .beginControlFlow("for (int sx = 0; sx < $L; sx++)", w.kernelW()).build();
            element = "corner + sy * " + g.w() + " + sx";
            cells = String.valueOf(w.kernelH() * w.kernelW());
        } else {
            b.add(windowBounds(g));
            first = "plane + y0 * " + g.w() + " + x0";
            loops = CodeBlock.builder().beginControlFlow("for (int sy = y0; sy < y1; sy++)")
                    .beginControlFlow("for (int sx = x0; sx < x1; sx++)").build();
            element = "plane + sy * " + g.w() + " + sx";
            cells = "((y1 - y0) * (x1 - x0))";
        }
        boolean max = ((Op.Pool) n.op()).pool() == Op.PoolKind.MAX;
        if (max && unclipped && w.kernelH() == 2 && w.kernelW() == 2) {
            TypeName t = l.precision.type();
            b.addStatement("final int upper = corner, lower = corner + $L", g.w())
                    .addStatement("final $T v0 = $L[upper], v1 = $L[upper + 1], v2 = $L[lower], v3 = $L[lower + 1]", t, in, in, in, in)
                    .addStatement("final int upperBest = v1 > v0 ? upper + 1 : upper, lowerBest = v3 > v2 ? lower + 1 : lower")
                    .addStatement("final $T upperMax = $T.max(v0, v1), lowerMax = $T.max(v2, v3)", t, Math.class, Math.class)
                    .addStatement("$L[o] = lowerMax > upperMax ? lowerBest : upperBest", l.field(n.id(), "Argmax"))
                    .addStatement("$L[o] = $L", out, relu(relu, plusBias(conv, CodeBlock.of("$T.max(upperMax, lowerMax)", Math.class))));
        } else if (max) {
            b.addStatement("int best = $L", first)
                    .addStatement("$T top = $L[best]", l.precision.type(), in)
                    .add(loops)
                    .addStatement("final int i = $L", element)
                    .addStatement("final $T v = $L[i]", l.precision.type(), in)
                    .addStatement("best = v > top ? i : best")
                    .addStatement("top = $T.max(top, v)", Math.class)
                    .endControlFlow().endControlFlow()
                    .addStatement("$L[o] = best", l.field(n.id(), "Argmax"))
                    .addStatement("$L[o] = $L", out, relu(relu, plusBias(conv, CodeBlock.of("$L[best]", in))));
        } else {
            b.addStatement("$T s = 0", l.precision.type())
                    .add(loops)
                    .addStatement("s += $L[$L]", in, element)
                    .endControlFlow().endControlFlow()
                    .addStatement("$L[o] = s / $L", out, cells);
        }
        return kernels.perExample(l.field(n.id(), "Forward"), "Layer `" + n.name() + "` forward for examples [from, to).",
                b.endControlFlow().endControlFlow().endControlFlow().build());
    }

    /** {@code max}, plus the bias of the convolution before the pooling where the pooling adds it ({@link BiasPool}). */
    private static CodeBlock plusBias(Optional<Node> conv, CodeBlock max) {
        return conv.isPresent() ? CodeBlock.of("$L + bias", max) : max;
    }

    /** {@code max}, or with {@code relu} the ReLU of it ({@link ReluPool}). */
    private static CodeBlock relu(boolean relu, CodeBlock max) {
        return relu ? CodeBlock.of("$T.relu($L)", ScalarCode.SCALAR, max) : max;
    }

    /** Whether every window lies inside the input: no padding, and the last window ends at or before the edge. */
    private static boolean unclipped(Geometry g) {
        Window w = g.win();
        return w.padTop() == 0 && w.padLeft() == 0 && (g.oh() - 1) * w.strideH() + w.kernelH() <= g.h()
                && (g.ow() - 1) * w.strideW() + w.kernelW() <= g.w();
    }

    /** The in-bounds rows [y0, y1) and columns [x0, x1) of output (y, x)'s window: padding is never read. */
    private static CodeBlock windowBounds(Geometry g) {
        Window w = g.win();
        return CodeBlock.builder()
                .addStatement("final int y0 = $T.max(0, y * $L - $L), y1 = $T.min($L, y * $L - $L + $L)", Math.class, w.strideH(),
                        w.padTop(), Math.class, g.h(), w.strideH(), w.padTop(), w.kernelH())
                .addStatement("final int x0 = $T.max(0, x * $L - $L), x1 = $T.min($L, x * $L - $L + $L)", Math.class, w.strideW(),
                        w.padLeft(), Math.class, g.w(), w.strideW(), w.padLeft(), w.kernelW())
                .build();
    }

    /**
     * Pooling {@code n}'s backward where convolution {@code conv}'s gradients read what it sends ({@link PooledGradient}):
     * through a ReLU, its gradient times the ReLU's derivative, stored over its gradient; otherwise nothing.
     */
    private CodeBlock sentOnly(Node n, Geometry g, Node conv, boolean relu) {
        if (!relu) {
            return CodeBlock.of("// $L's gradients read this pooling's gradient and arg-max\n", conv.name());
        }
        String dy = l.grad(n.id());
        CodeBlock b = CodeBlock.builder()
                .add("// what it sends back, for $L's gradients, which read it with the arg-max\n", conv.name())
                .beginControlFlow("for (int o = r * $L, end = o + $L; o < end; o++)", g.out(), g.out())
                .addStatement("$L[o] *= $T.step($L[o])", dy, ScalarCode.SCALAR, l.act(n.id()))
                .endControlFlow().build();
        return kernels.perExample(l.field(n.id(), "Backward"), "Layer `" + n.name() + "`: what it sends back for examples [from, to).", b);
    }

    /**
     * Pooling {@code n}'s gradient into node {@code target}'s: its input's, or with {@code relu} the input of the ReLU it
     * computes ({@link ReluPool}), each window's gradient then times the ReLU's derivative at its arg-max: that is
     * {@code step} of the window's maximum, so of the pooling's own output, read in order rather than through the arg-max.
     * Where the convolution before it has its bias added here ({@link BiasPool}), those products replace the pooling's
     * gradient, which nothing else reads, for the bias's gradient to sum ({@link #biasGradientFromPooling}).
     */
    CodeBlock poolBackward(Node n, int target, boolean assignInput, boolean relu) {
        Geometry g = Geometry.of(l, n);
        String dx = l.grad(target);
        String dy = l.grad(n.id());
        Optional<Node> pooled = PooledGradient.from(l, n);
        if (pooled.isPresent()) {
            return sentOnly(n, g, pooled.get(), relu);
        }
        CodeBlock.Builder b = CodeBlock.builder();
        if (assignInput) {
            b.addStatement("$T.fill($L, r * $L, (r + 1) * $L, $L)", Arrays.class, dx, g.in(), g.in(), l.literal(0));
        }
        if (((Op.Pool) n.op()).pool() == Op.PoolKind.MAX) {
            b.beginControlFlow("for (int o = r * $L, end = o + $L; o < end; o++)", g.out(), g.out());
            CodeBlock sent = !relu ? CodeBlock.of("$L[o]", dy)
                    : CodeBlock.of("$L[o] * $T.step($L[o])", dy, ScalarCode.SCALAR, l.act(n.id()));
            if (relu && BiasPool.into(l, n).isPresent()) {
                b.addStatement("final $T sent = $L", l.precision.type(), sent)
                        .add("// kept for the bias's gradient of the convolution before\n")
                        .addStatement("$L[o] = sent", dy);
                sent = CodeBlock.of("sent");
            }
            b.addStatement("$L[$L[o]] += $L", dx, l.field(n.id(), "Argmax"), sent).endControlFlow();
        } else {
            b.beginControlFlow("for (int c = 0; c < $L; c++)", g.c())
                    .addStatement("final int plane = (r * $L + c) * $L", g.c(), g.h() * g.w())
                    .beginControlFlow("for (int y = 0; y < $L; y++)", g.oh())
                    .beginControlFlow("for (int x = 0; x < $L; x++)", g.ow())
                    .add(windowBounds(g))
                    .addStatement("final $T share = $L[(r * $L + c) * $L + y * $L + x] / ((y1 - y0) * (x1 - x0))", l.precision.type(), dy,
                            g.c(), g.pixels(), g.ow())
                    .beginControlFlow("for (int sy = y0; sy < y1; sy++)")
                    .beginControlFlow("for (int sx = x0; sx < x1; sx++)")
                    .addStatement("$L[plane + sy * $L + sx] += share", dx, g.w())
                    .endControlFlow().endControlFlow()
                    .endControlFlow().endControlFlow().endControlFlow();
        }
        return kernels.perExample(l.field(n.id(), "Backward"), "Layer `" + n.name() + "`: the input's gradient for examples [from, to).",
                b.build());
    }
}
