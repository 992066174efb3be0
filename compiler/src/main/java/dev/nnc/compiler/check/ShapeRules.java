package dev.nnc.compiler.check;

import dev.nnc.compiler.ir.Window;

/** TensorFlow's output-size rules for sliding windows (LANGUAGE.md, "Output sizes"). */
public final class ShapeRules {
    private ShapeRules() {}

    /**
     * The window for an input of {@code height} x {@code width}. {@code same} pads (out - 1)·s + k - in
     * in total, never negative, the smaller half before and the larger after, as TensorFlow does.
     * Returns null when the kernel does not fit a {@code valid} or explicitly padded input.
     */
    static Window window(int kh, int kw, int sh, int sw, Arguments.Padding padding, int height, int width) {
        return switch (padding.mode()) {
            case SAME -> {
                int padH = samePadding(height, kh, sh);
                int padW = samePadding(width, kw, sw);
                yield new Window(kh, kw, sh, sw, padH / 2, padH - padH / 2, padW / 2, padW - padW / 2);
            }
            case VALID -> kh > height || kw > width ? null : new Window(kh, kw, sh, sw, 0, 0, 0, 0);
            case EXPLICIT -> {
                long p = padding.amount();
                yield kh > height + 2 * p || kw > width + 2 * p ? null
                        : new Window(kh, kw, sh, sw, (int) p, (int) p, (int) p, (int) p);
            }
        };
    }

    /** {@code same}: out = ceil(in / s). */
    public static int sameOutput(int in, int stride) {
        return (in + stride - 1) / stride;
    }

    /** {@code valid}: out = floor((in - k) / s) + 1, or 0 when the kernel does not fit. */
    public static int validOutput(int in, int kernel, int stride) {
        return in < kernel ? 0 : (in - kernel) / stride + 1;
    }

    /** Integer padding p: out = floor((in + 2p - k) / s) + 1, or 0 when the kernel does not fit. */
    public static int paddedOutput(int in, int kernel, int stride, int pad) {
        long padded = in + 2L * pad;
        return padded < kernel ? 0 : (int) ((padded - kernel) / stride + 1);
    }

    static int samePadding(int in, int kernel, int stride) {
        long total = (long) (sameOutput(in, stride) - 1) * stride + kernel - in;
        return (int) Math.max(total, 0);
    }
}
