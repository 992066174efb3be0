package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Window;

/**
 * OpenCL passes for convolution and pooling, direct (one work item per output, weight or input
 * element; no atomics): gradients are gathered, each element summing what reaches it.
 */
final class ConvPasses {
    private final Layout l;

    ConvPasses(Layout layout) {
        this.l = layout;
    }

    /** Decomposes an output index {@code gid} into r, f (or c), y, x. */
    private static CodeBlock outputIndex(Geometry g) {
        return CodeBlock.builder()
                .addStatement("final int r = gid / $L", g.out())
                .addStatement("final int f = (gid / $L) % $L", g.oh() * g.ow(), g.f())
                .addStatement("final int y = (gid / $L) % $L", g.ow(), g.oh())
                .addStatement("final int x = gid % $L", g.ow()).build();
    }

    /** Decomposes an input index {@code gid} into r, c, h, w. */
    private static CodeBlock inputIndex(Geometry g) {
        return CodeBlock.builder()
                .addStatement("final int r = gid / $L", g.in())
                .addStatement("final int c = (gid / $L) % $L", g.h() * g.w(), g.c())
                .addStatement("final int h = (gid / $L) % $L", g.w(), g.h())
                .addStatement("final int w = gid % $L", g.w()).build();
    }

    CodeBlock convForward(Node n, String in, String out) {
        Geometry g = Geometry.of(l, n);
        Window k = g.win();
        String weight = l.param(n.params().get(0));
        return CodeBlock.builder().add(outputIndex(g))
                .addStatement("float s = $L", n.params().size() > 1 ? l.param(n.params().get(1)) + "[f]" : "0f")
                .beginControlFlow("for (int c = 0; c < $L; c++)", g.c())
                .beginControlFlow("for (int i = 0; i < $L; i++)", k.kernelH())
                .addStatement("final int sy = y * $L - $L + i", k.strideH(), k.padTop())
                .beginControlFlow("if (sy >= 0 && sy < $L)", g.h())
                .beginControlFlow("for (int j = 0; j < $L; j++)", k.kernelW())
                .addStatement("final int sx = x * $L - $L + j", k.strideW(), k.padLeft())
                .beginControlFlow("if (sx >= 0 && sx < $L)", g.w())
                .addStatement("s += $L[r * $L + (c * $L + sy) * $L + sx] * $L[((f * $L + c) * $L + i) * $L + j]", in, g.in(), g.h(), g.w(),
                        weight, g.c(), k.kernelH(), k.kernelW())
                .endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow()
                .addStatement("$L[gid] = s", out).build();
    }

    /** One work item per weight: Σ over the batch and the output positions. */
    CodeBlock convWeightGrad(Node n) {
        Geometry g = Geometry.of(l, n);
        Window k = g.win();
        String in = l.act(n.inputs().get(0));
        String dy = l.grad(n.id());
        return CodeBlock.builder()
                .addStatement("final int f = gid / $L", g.c() * k.kernelH() * k.kernelW())
                .addStatement("final int c = (gid / $L) % $L", k.kernelH() * k.kernelW(), g.c())
                .addStatement("final int i = (gid / $L) % $L", k.kernelW(), k.kernelH())
                .addStatement("final int j = gid % $L", k.kernelW())
                .addStatement("float s = 0f")
                .beginControlFlow("for (int r = 0; r < n; r++)")
                .beginControlFlow("for (int y = 0; y < $L; y++)", g.oh())
                .addStatement("final int sy = y * $L - $L + i", k.strideH(), k.padTop())
                .beginControlFlow("if (sy >= 0 && sy < $L)", g.h())
                .beginControlFlow("for (int x = 0; x < $L; x++)", g.ow())
                .addStatement("final int sx = x * $L - $L + j", k.strideW(), k.padLeft())
                .beginControlFlow("if (sx >= 0 && sx < $L)", g.w())
                .addStatement("s += $L[r * $L + (f * $L + y) * $L + x] * $L[r * $L + (c * $L + sy) * $L + sx]", dy, g.out(), g.oh(),
                        g.ow(), in, g.in(), g.h(), g.w())
                .endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow()
                .addStatement("$L[gid] = s", l.paramGrad(n.params().get(0))).build();
    }

    CodeBlock convBiasGrad(Node n) {
        Geometry g = Geometry.of(l, n);
        return CodeBlock.builder()
                .addStatement("float s = 0f")
                .beginControlFlow("for (int r = 0; r < n; r++)")
                .beginControlFlow("for (int p = 0; p < $L; p++)", g.oh() * g.ow())
                .addStatement("s += $L[r * $L + gid * $L + p]", l.grad(n.id()), g.out(), g.oh() * g.ow())
                .endControlFlow().endControlFlow()
                .addStatement("$L[gid] = s", l.paramGrad(n.params().get(1))).build();
    }

    /** One work item per input element: the flipped kernel over the output positions whose window covers it. */
    CodeBlock convInputGrad(Node n, String assign) {
        Geometry g = Geometry.of(l, n);
        Window k = g.win();
        String dy = l.grad(n.id());
        String weight = l.param(n.params().get(0));
        return CodeBlock.builder().add(inputIndex(g))
                .addStatement("float s = 0f")
                .beginControlFlow("for (int i = 0; i < $L; i++)", k.kernelH())
                .addStatement("final int ty = h + $L - i", k.padTop())
                .beginControlFlow("if (ty >= 0 && ty % $L == 0 && ty / $L < $L)", k.strideH(), k.strideH(), g.oh())
                .beginControlFlow("for (int j = 0; j < $L; j++)", k.kernelW())
                .addStatement("final int tx = w + $L - j", k.padLeft())
                .beginControlFlow("if (tx >= 0 && tx % $L == 0 && tx / $L < $L)", k.strideW(), k.strideW(), g.ow())
                .beginControlFlow("for (int f = 0; f < $L; f++)", g.f())
                .addStatement("s += $L[r * $L + (f * $L + ty / $L) * $L + tx / $L] * $L[((f * $L + c) * $L + i) * $L + j]", dy, g.out(),
                        g.oh(), k.strideH(), g.ow(), k.strideW(), weight, g.c(), k.kernelH(), k.kernelW())
                .endControlFlow().endControlFlow().endControlFlow().endControlFlow().endControlFlow()
                .addStatement("$L[gid] $L s", l.grad(n.inputs().get(0)), assign).build();
    }

    CodeBlock poolForward(Node n, String in, String out) {
        Geometry g = Geometry.of(l, n);
        Window k = g.win();
        boolean max = ((Op.Pool) n.op()).pool() == Op.PoolKind.MAX;
        CodeBlock.Builder b = CodeBlock.builder().add(outputIndex(g))
                .addStatement("final int plane = (r * $L + f) * $L", g.c(), g.h() * g.w())
                .addStatement("final int y0 = max(0, y * $L - $L)", k.strideH(), k.padTop())
                .addStatement("final int y1 = min($L, y * $L - $L + $L)", g.h(), k.strideH(), k.padTop(), k.kernelH())
                .addStatement("final int x0 = max(0, x * $L - $L)", k.strideW(), k.padLeft())
                .addStatement("final int x1 = min($L, x * $L - $L + $L)", g.w(), k.strideW(), k.padLeft(), k.kernelW());
        if (max) {
            return b.addStatement("int best = plane + y0 * $L + x0", g.w())
                    .beginControlFlow("for (int sy = y0; sy < y1; sy++)")
                    .beginControlFlow("for (int sx = x0; sx < x1; sx++)")
                    .beginControlFlow("if ($L[plane + sy * $L + sx] > $L[best])", in, g.w(), in)
                    .addStatement("best = plane + sy * $L + sx", g.w())
                    .endControlFlow().endControlFlow().endControlFlow()
                    .addStatement("$L[gid] = best", l.field(n.id(), "Argmax"))
                    .addStatement("$L[gid] = $L[best]", out, in).build();
        }
        return b.addStatement("float s = 0f")
                .beginControlFlow("for (int sy = y0; sy < y1; sy++)")
                .beginControlFlow("for (int sx = x0; sx < x1; sx++)")
                .addStatement("s += $L[plane + sy * $L + sx]", in, g.w())
                .endControlFlow().endControlFlow()
                .addStatement("$L[gid] = s / ((y1 - y0) * (x1 - x0))", out).build();
    }

    /** One work item per input element, gathering from the windows that cover it. */
    CodeBlock poolBackward(Node n, String assign) {
        Geometry g = Geometry.of(l, n);
        Window k = g.win();
        boolean max = ((Op.Pool) n.op()).pool() == Op.PoolKind.MAX;
        String dy = l.grad(n.id());
        CodeBlock.Builder b = CodeBlock.builder().add(inputIndex(g))
                .addStatement("float s = 0f")
                .beginControlFlow("for (int y = max(0, (h + $L - $L) / $L); y <= min($L, (h + $L) / $L); y++)", k.padTop(), k.kernelH(),
                        k.strideH(), g.oh() - 1, k.padTop(), k.strideH())
                .addStatement("final int y0 = y * $L - $L", k.strideH(), k.padTop())
                .beginControlFlow("if (h >= y0 && h < y0 + $L)", k.kernelH())
                .beginControlFlow("for (int x = max(0, (w + $L - $L) / $L); x <= min($L, (w + $L) / $L); x++)", k.padLeft(), k.kernelW(),
                        k.strideW(), g.ow() - 1, k.padLeft(), k.strideW())
                .addStatement("final int x0 = x * $L - $L", k.strideW(), k.padLeft())
                .beginControlFlow("if (w >= x0 && w < x0 + $L)", k.kernelW())
                .addStatement("final int o = r * $L + (c * $L + y) * $L + x", g.out(), g.oh(), g.ow());
        if (max) {
            b.beginControlFlow("if ($L[o] == gid)", l.field(n.id(), "Argmax")).addStatement("s += $L[o]", dy).endControlFlow();
        } else {
            b.addStatement("final int cells = (min($L, y0 + $L) - max(0, y0)) * (min($L, x0 + $L) - max(0, x0))", g.h(), k.kernelH(),
                    g.w(), k.kernelW())
                    .addStatement("s += $L[o] / cells", dy);
        }
        return b.endControlFlow().endControlFlow().endControlFlow().endControlFlow()
                .addStatement("$L[gid] $L s", l.grad(n.inputs().get(0)), assign).build();
    }
}
