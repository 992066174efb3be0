package dev.nnc.runtime.cpu;

import java.util.Arrays;

/**
 * The sliding windows of a 2-D convolution over one example's C×H×W input (row-major planes), as the
 * matrix a convolution is a product with: row (c, i, j) — channel, kernel row, kernel column — and
 * column (y, x) — output position — hold the input at (y·strideH − padTop + i, x·strideW − padLeft + j)
 * of plane c, or zero where that falls in the padding. It has {@link #rows()} = C·kh·kw rows and
 * {@link #positions()} = H'·W' columns. The convolution is weights[F × rows] · windows, and the
 * kernels form this matrix's elements while they pack their operands (implicit GEMM): it is never
 * stored whole.
 *
 * <p>Packing first copies the example into a zero-padded buffer ({@link #pad}), {@link #paddedSize()} values
 * with {@link #padTop} rows above and {@link #padLeft} columns left of each plane; element (row, position) is
 * then that buffer at {@code rowOffset[row] + positionOffset[position]}, with no bounds to check.
 */
public final class Windows {
    private final int channels, height, width, kernelH, kernelW, strideH, strideW, padTop, padLeft, outHeight, outWidth;
    /** The padded planes: every row and column that some window reads. */
    private final int paddedHeight, paddedWidth;
    /** Where row (c, i, j) and position (y, x) start in the padded buffer; their sum is the element. */
    final int[] rowOffset, positionOffset;
    /** The last {@link #transposed} made, or {@code null}; threads may race to set it, each to an immutable equal. */
    private Windows transposed;

    public Windows(int channels, int height, int width, int kernelH, int kernelW,
                   int strideH, int strideW, int padTop, int padLeft, int outHeight, int outWidth) {
        if (channels < 1 || height < 1 || width < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1
                || padTop < 0 || padLeft < 0 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException(String.format("windows of %d×%d×%d, kernel %d×%d, strides %d×%d, padding %d,%d, "
                            + "output %d×%d: sizes and strides must be positive, paddings non-negative", channels, height, width,
                    kernelH, kernelW, strideH, strideW, padTop, padLeft, outHeight, outWidth));
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padTop = padTop;
        this.padLeft = padLeft;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.paddedHeight = (outHeight - 1) * strideH + kernelH;
        this.paddedWidth = (outWidth - 1) * strideW + kernelW;
        int rows = rows(), positions = positions();
        rowOffset = new int[rows];
        for (int row = 0; row < rows; row++) {
            int c = row / (kernelH * kernelW), i = row / kernelW % kernelH, j = row % kernelW;
            rowOffset[row] = (c * paddedHeight + i) * paddedWidth + j;
        }
        positionOffset = new int[positions];
        for (int q = 0; q < positions; q++) {
            positionOffset[q] = q / outWidth * strideH * paddedWidth + q % outWidth * strideW;
        }
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int kernelH() {
        return kernelH;
    }

    public int kernelW() {
        return kernelW;
    }

    public int strideH() {
        return strideH;
    }

    public int strideW() {
        return strideW;
    }

    public int padTop() {
        return padTop;
    }

    public int padLeft() {
        return padLeft;
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    /** Rows of the window matrix: C·kh·kw. */
    public int rows() {
        return channels * kernelH * kernelW;
    }

    /** Columns of the window matrix: output positions H'·W'. */
    public int positions() {
        return outHeight * outWidth;
    }

    /** Values of one example's input: C·H·W. */
    public int inputSize() {
        return channels * height * width;
    }

    /** The padded planes' width: {@code positionOffset} steps by {@code strideH} times this from one output row to the next. */
    int paddedWidth() {
        return paddedWidth;
    }

    /** Values of the padded buffer {@link #pad} fills. */
    public int paddedSize() {
        return channels * paddedHeight * paddedWidth;
    }

    /**
     * Copies the input at {@code inOff} into {@code padded} (at least {@link #paddedSize()} long), zeros around it;
     * input rows and columns that no window reads are left out.
     */
    void pad(float[] in, int inOff, float[] padded) {
        Arrays.fill(padded, 0, paddedSize(), 0f);
        int rows = Math.min(height, paddedHeight - padTop), cols = Math.min(width, paddedWidth - padLeft);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < rows; y++) {
                System.arraycopy(in, inOff + (c * height + y) * width, padded, (c * paddedHeight + padTop + y) * paddedWidth + padLeft, cols);
            }
        }
    }

    /**
     * Folds a window matrix's gradient, rows × positions row-major ({@code cols}), back onto the input: each element's
     * gradient is added into {@code padded} (at least {@link #paddedSize()} long, zeroed first) where the element was
     * read from, then the input's part of it goes to {@code out} at {@code outOff} ({@link #unpad}).
     */
    void fold(float[] cols, float[] padded, float[] out, int outOff, boolean accumulate) {
        Arrays.fill(padded, 0, paddedSize(), 0f);
        int n = positions();
        for (int row = 0, rows = rows(); row < rows; row++) {
            int base = rowOffset[row];
            for (int q = 0; q < n; q++) {
                padded[base + positionOffset[q]] += cols[row * n + q];
            }
        }
        unpad(padded, out, outOff, accumulate);
    }

    /**
     * The input's part of a padded buffer laid out as {@link #pad} makes it, into (or, accumulating, added to)
     * {@code out} at {@code outOff}; input rows and columns that no window reads get 0 (or are left as they are).
     */
    void unpad(float[] padded, float[] out, int outOff, boolean accumulate) {
        int rows = Math.min(height, paddedHeight - padTop), cols = Math.min(width, paddedWidth - padLeft);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int o = outOff + (c * height + y) * width;
                if (!accumulate) {
                    if (y >= rows) {
                        Arrays.fill(out, o, o + width, 0f);
                        continue;
                    }
                    System.arraycopy(padded, (c * paddedHeight + padTop + y) * paddedWidth + padLeft, out, o, cols);
                    Arrays.fill(out, o + cols, o + width, 0f);
                } else if (y < rows) {
                    int p = (c * paddedHeight + padTop + y) * paddedWidth + padLeft;
                    for (int x = 0; x < cols; x++) {
                        out[o + x] += padded[p + x];
                    }
                }
            }
        }
    }

    /** Element (row, position) of the windows of the input at {@code inOff}, in double precision: for reference kernels. */
    public double value(double[] in, int inOff, int row, int position) {
        int x = inputIndex(row, position);
        return x < 0 ? 0 : in[inOff + x];
    }

    /** Where element (row, position) of the windows is read from in one example's input, or -1 where it is padding. */
    public int inputIndex(int row, int position) {
        int c = row / (kernelH * kernelW), i = row / kernelW % kernelH, j = row % kernelW;
        int y = position / outWidth * strideH - padTop + i, x = position % outWidth * strideW - padLeft + j;
        return y < 0 || y >= height || x < 0 || x >= width ? -1 : (c * height + y) * width + x;
    }

    /** The whole window matrix, rows × positions, row-major at {@code dstOff}; {@code padded} as for {@link #pad}. */
    void unroll(float[] in, int inOff, float[] padded, float[] dst, int dstOff) {
        pad(in, inOff, padded);
        int n = positions();
        for (int row = 0, rows = rows(); row < rows; row++) {
            for (int q = 0; q < n; q++) {
                dst[dstOff + row * n + q] = padded[rowOffset[row] + positionOffset[q]];
            }
        }
    }

    /**
     * The windows of the transposed convolution, whose product with the flipped kernels ({@link Packing#packFlipped})
     * is this convolution's input gradient: over the output's gradient ({@code filters} × H' × W'), the same kernel, unit
     * strides, padding kh − 1 − padTop and kw − 1 − padLeft, giving H × W positions. Input element (y, x) of channel c
     * gets Σ_f Σ_(i,j) w[f, c, i, j] · gradient[f, y + padTop − i, x + padLeft − j], the gradient zero outside.
     * Only for unit strides (others leave holes between the gradient's elements) and paddings of at most the kernel
     * less one; {@code null} otherwise.
     */
    Windows transposed(int filters) {
        if (strideH != 1 || strideW != 1 || padTop > kernelH - 1 || padLeft > kernelW - 1) {
            return null;
        }
        Windows t = transposed;
        if (t == null || t.channels != filters) {
            transposed = t = new Windows(filters, outHeight, outWidth, kernelH, kernelW, 1, 1, kernelH - 1 - padTop,
                    kernelW - 1 - padLeft, height, width);
        }
        return t;
    }

    @Override
    public String toString() {
        return String.format("Windows[%d×%d×%d, kernel %d×%d, strides %d×%d, padding %d,%d, output %d×%d]", channels, height, width,
                kernelH, kernelW, strideH, strideW, padTop, padLeft, outHeight, outWidth);
    }
}
