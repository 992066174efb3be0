package dev.nnc.compiler.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Window;

/**
 * OpenCL passes for convolution and pooling, direct: one work item per output, weight or input element,
 * gradients gathered (no atomics). For GPUs, convolutions and their gradients also come as tiled products
 * over matrices never stored (implicit GEMM, {@link TiledProduct}).
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

    /** One work item per output element. */
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

    /** Example q's window value at unrolled row kk, or 0 in the padding: the implicit im2col matrix, element (kk, q). */
    private TiledProduct.Load window(Geometry g, String in) {
        Window k = g.win();
        return (kk, q, value) -> CodeBlock.builder()
                .addStatement("final int $Lc = $L / $L", value, kk, k.kernelH() * k.kernelW())
                .addStatement("final int $Li = ($L / $L) % $L", value, kk, k.kernelW(), k.kernelH())
                .addStatement("final int $Lj = $L % $L", value, kk, k.kernelW())
                .addStatement("final int $Lr = $L / $L", value, q, g.pixels())
                .addStatement("final int $Ly = ($L / $L) % $L", value, q, g.ow(), g.oh())
                .addStatement("final int $Lx = $L % $L", value, q, g.ow())
                .addStatement("final int $Lsy = $Ly * $L - $L + $Li", value, value, k.strideH(), k.padTop(), value)
                .addStatement("final int $Lsx = $Lx * $L - $L + $Lj", value, value, k.strideW(), k.padLeft(), value)
                .beginControlFlow("if ($Lsy >= 0 && $Lsy < $L && $Lsx >= 0 && $Lsx < $L)", value, value, g.h(), value, value, g.w())
                .addStatement("$L = $L[$Lr * $L + ($Lc * $L + $Lsy) * $L + $Lsx]", value, in, value, g.in(), value, g.h(), value, g.w(),
                        value)
                .endControlFlow().build();
    }

    /** out[r, f, p] = Σ_kk W[f, kk] · window(kk, (r, p)): C[F × n·H'W'] with the windows unrolled as they load. */
    TiledProduct convForwardTiled(Node n, String in, String out) {
        Geometry g = Geometry.of(l, n);
        String bias = n.params().size() > 1 ? " + " + l.param(n.params().get(1)) + "[i]" : "";
        return new TiledProduct(CodeBlock.of("$L", g.f()), CodeBlock.of("n * $L", g.pixels()), CodeBlock.of("$L", g.patch()),
                new TiledProduct.Operand(true, TiledProduct.expression(l.param(n.params().get(0)) + "[%1$s * " + g.patch() + " + %2$s]")),
                new TiledProduct.Operand(false, window(g, in)),
                CodeBlock.builder().addStatement("final int sr = j / $L", g.pixels())
                        .addStatement("$L[sr * $L + i * $L + j - sr * $L] = s$L", out, g.out(), g.pixels(), g.pixels(), bias).build());
    }

    /** dW[f, kk] = Σ_(r, p) dY[r, f, p] · window(kk, (r, p)): C[F × C·kh·kw], summed over the batch's positions. */
    TiledProduct convWeightGradTiled(Node n) {
        Geometry g = Geometry.of(l, n);
        TiledProduct.Load window = window(g, l.act(n.inputs().get(0)));
        return new TiledProduct(CodeBlock.of("$L", g.f()), CodeBlock.of("$L", g.patch()), CodeBlock.of("n * $L", g.pixels()),
                new TiledProduct.Operand(true, outputGradient(n, g)), new TiledProduct.Operand(true, (q, kk, value) -> window.code(kk, q, value)),
                weightGradStore(n, g));
    }

    /** {@link #convWeightGradTiled}'s product reduced per element of dW: for a dW of few elements (a first convolution's). */
    ReducedProduct convWeightGradReduced(Node n) {
        Geometry g = Geometry.of(l, n);
        TiledProduct.Load window = window(g, l.act(n.inputs().get(0)));
        return new ReducedProduct(g.f(), g.patch(), CodeBlock.of("n * $L", g.pixels()), outputGradient(n, g),
                (q, kk, value) -> window.code(kk, q, value), weightGradStore(n, g));
    }

    /** db[f] = Σ_(r, p) dY[r, f, p], one work group a filter. */
    ReducedProduct convBiasGradReduced(Node n) {
        Geometry g = Geometry.of(l, n);
        return new ReducedProduct(g.f(), 1, CodeBlock.of("n * $L", g.pixels()), outputGradient(n, g), ReducedProduct.ONES,
                CodeBlock.builder().addStatement("$L[i] = s", l.paramGrad(n.params().get(1))).build());
    }

    /** dY as the matrix of filters × the batch's positions: element (f, (r, p)). */
    private TiledProduct.Load outputGradient(Node n, Geometry g) {
        return TiledProduct.expression(
                l.grad(n.id()) + "[%2$s / " + g.pixels() + " * " + g.out() + " + %1$s * " + g.pixels() + " + %2$s %% " + g.pixels() + "]");
    }

    private CodeBlock weightGradStore(Node n, Geometry g) {
        return CodeBlock.builder().addStatement("$L[i * $L + j] = s", l.paramGrad(n.params().get(0)), g.patch()).build();
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

    /**
     * dX[r, c, h, w] = Σ_(f, i, j) W[f, c, i, j] · dY[r, f, (h + pad − i) / stride, (w + pad − j) / stride] over the
     * positions that divide evenly and fall inside dY: C[C × n·H·W], the flipped kernel as a tiled product.
     */
    TiledProduct convInputGradTiled(Node n, String assign) {
        Geometry g = Geometry.of(l, n);
        Window k = g.win();
        String dy = l.grad(n.id());
        String weight = l.param(n.params().get(0));
        int taps = k.kernelH() * k.kernelW();
        TiledProduct.Load flipped = (c, kf, value) -> CodeBlock.builder()
                .addStatement("$L = $L[(($L / $L * $L + $L) * $L + $L / $L % $L) * $L + $L % $L]", value, weight, kf, taps, g.c(), c,
                        k.kernelH(), kf, k.kernelW(), k.kernelH(), k.kernelW(), kf, k.kernelW()).build();
        TiledProduct.Load gradients = (kf, q, value) -> CodeBlock.builder()
                .addStatement("final int $Lf = $L / $L", value, kf, taps)
                .addStatement("final int $Lr = $L / $L", value, q, g.h() * g.w())
                .addStatement("final int $Lty = ($L / $L) % $L + $L - ($L / $L) % $L", value, q, g.w(), g.h(), k.padTop(), kf, k.kernelW(),
                        k.kernelH())
                .addStatement("final int $Ltx = $L % $L + $L - $L % $L", value, q, g.w(), k.padLeft(), kf, k.kernelW())
                .beginControlFlow("if ($Lty >= 0 && $Lty % $L == 0 && $Lty / $L < $L && $Ltx >= 0 && $Ltx % $L == 0 && $Ltx / $L < $L)",
                        value, value, k.strideH(), value, k.strideH(), g.oh(), value, value, k.strideW(), value, k.strideW(), g.ow())
                .addStatement("$L = $L[$Lr * $L + ($Lf * $L + $Lty / $L) * $L + $Ltx / $L]", value, dy, value, g.out(), value, g.oh(), value,
                        k.strideH(), g.ow(), value, k.strideW())
                .endControlFlow().build();
        int plane = g.h() * g.w();
        return new TiledProduct(CodeBlock.of("$L", g.c()), CodeBlock.of("n * $L", plane), CodeBlock.of("$L", g.f() * taps),
                new TiledProduct.Operand(true, flipped), new TiledProduct.Operand(false, gradients),
                CodeBlock.builder().addStatement("final int sr = j / $L", plane)
                        .addStatement("$L[sr * $L + i * $L + j - sr * $L] $L s", l.grad(n.inputs().get(0)), g.in(), plane, plane, assign)
                        .build());
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
