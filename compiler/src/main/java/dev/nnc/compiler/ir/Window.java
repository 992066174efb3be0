package dev.nnc.compiler.ir;

/**
 * The sliding window of a convolution or pooling: kernel size, strides and the padding added before
 * (top/left) and after (bottom/right), resolved from {@code same}/{@code valid}/integer padding.
 */
public record Window(int kernelH, int kernelW, int strideH, int strideW,
                     int padTop, int padBottom, int padLeft, int padRight) {

    public Window {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
            throw new IllegalArgumentException("window " + this + ": sizes must be positive, paddings non-negative");
        }
    }

    public int outputHeight(int inputHeight) {
        return (inputHeight + padTop + padBottom - kernelH) / strideH + 1;
    }

    public int outputWidth(int inputWidth) {
        return (inputWidth + padLeft + padRight - kernelW) / strideW + 1;
    }
}
