package dev.nnc.runtime.cpu;

import java.util.Arrays;

/**
 * Copies blocks of op(A) and op(B) into the order the register tile reads them, so the micro-kernel
 * walks both with unit stride whatever the variant, and pads them to whole tiles so it never needs
 * an edge case inside its loop. The padding is zeros: the lanes it feeds are thrown away, but stale
 * buffer contents there could be NaN or subnormal, which some CPUs compute slowly. Plain Java:
 * packing is memory-bound, and this class must not touch the Vector API.
 */
final class Packing {

    private Packing() {}

    /**
     * Packs op(A) rows [i0, i0+mc) × columns [p0, p0+kc) as strips of {@code mr} rows: strip s
     * starts at {@code s*mr*kc}, and within it element (r, p) is at {@code p*mr + r}. Rows past
     * {@code mc} in the last strip are zero.
     */
    static void packA(GemmCall call, int i0, int mc, int p0, int kc, int mr, float[] dst) {
        packA(call, call.aOff, i0, mc, p0, kc, mr, dst, 0);
    }

    /** {@link #packA(GemmCall, int, int, int, int, int, float[])} with A at {@code aOff}, into {@code dst} from {@code dstOff}. */
    static void packA(GemmCall call, int aOff, int i0, int mc, int p0, int kc, int mr, float[] dst, int dstOff) {
        float[] a = call.a;
        for (int s = 0; s * mr < mc; s++) {
            int base = dstOff + s * mr * kc;
            int rows = Math.min(mr, mc - s * mr);
            int first = i0 + s * mr;
            if (call.aTransposed) { // A stored k×m: the strip's rows lie side by side in each stored row
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * call.lda + first;
                    int d = base + p * mr;
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = aOff + (first + r) * call.lda + p0;
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * mr + r] = a[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0; p < kc; p++) {
                        dst[base + p * mr + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B) rows [p0, p0+kc) × columns [j0, j0+nc) as panels of {@code nr} columns: the panel
     * of columns [jr, jr+nr) starts at {@code jr*kc}, and within it element (p, j) is at
     * {@code p*w + j}, where w is {@link #panelWidth}: {@code nr}, or for the last panel its width
     * rounded up to whole vectors of {@code lanes}, the extra columns zero.
     */
    static void packB(GemmCall call, int p0, int kc, int j0, int nc, int nr, int lanes, float[] dst) {
        float[] b = call.b;
        if (!call.bTransposed) {
            packRows(b, call.bOff + p0 * call.ldb + j0, call.ldb, kc, nc, nr, lanes, dst);
            return;
        }
        for (int jr = 0; jr < nc; jr += nr) { // B stored n×k: a transpose, reading each stored row once
            int cols = Math.min(nr, nc - jr);
            transposedPanel(b, call.bOff + (j0 + jr) * call.ldb, call.ldb, cols, p0, kc, panelWidth(cols, nr, lanes), dst, jr * kc);
        }
    }

    /**
     * {@link #packB} for B stored k×n: row by row, each stored row's stretch read once from start to end and dealt out
     * to the panels. Going panel by panel instead reads 64 bytes from each of kc rows in turn, a cache and TLB miss
     * apiece once B outgrows the caches (CNN fc1's 12.8 MB of weights: 7–11 ms against 3.6–5 ms row by row).
     */
    private static void packRows(float[] b, int src, int ldb, int kc, int nc, int nr, int lanes, float[] dst) {
        int full = nc / nr * nr, cols = nc - full, w = panelWidth(cols, nr, lanes);
        for (int p = 0; p < kc; p++, src += ldb) {
            for (int jr = 0; jr < full; jr += nr) {
                System.arraycopy(b, src + jr, dst, jr * kc + p * nr, nr);
            }
            if (cols > 0) {
                int d = full * kc + p * w;
                System.arraycopy(b, src + full, dst, d, cols);
                Arrays.fill(dst, d + cols, d + w, 0f);
            }
        }
    }

    /**
     * Packs columns [p0, p0+kc) of {@code rows} rows stored {@code ld} apart from {@code off}, transposed, into panels of
     * {@code width} rows: panel t starts at {@code t·kc·width}, and element (p, lane) at {@code p·width + lane} is row
     * t·width + lane's column p0 + p. Lanes past the last row are zero.
     */
    static void packRowsTransposed(float[] src, int off, int ld, int rows, int p0, int kc, int width, float[] dst) {
        packRowsTransposed(src, off, ld, rows, p0, kc, width, dst, 0);
    }

    /** {@link #packRowsTransposed} from {@code dst[dstOff]} on. */
    static void packRowsTransposed(float[] src, int off, int ld, int rows, int p0, int kc, int width, float[] dst, int dstOff) {
        for (int t = 0; t * width < rows; t++) {
            transposedPanel(src, off + t * width * ld, ld, Math.min(width, rows - t * width), p0, kc, width, dst,
                    dstOff + t * kc * width);
        }
    }

    /**
     * One panel of a transpose: columns [p0, p0+kc) of {@code rows} ≤ {@code width} rows stored {@code ld} apart from
     * {@code off}, element (p, lane) at {@code dstOff + p·width + lane}, each stored row read once; lanes past the last
     * row zero.
     */
    private static void transposedPanel(float[] src, int off, int ld, int rows, int p0, int kc, int width, float[] dst, int dstOff) {
        int whole = rows / 8 * 8;
        for (int lane = 0; lane < whole; lane += 8) {
            int s0 = off + lane * ld + p0, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld, s4 = s3 + ld, s5 = s4 + ld, s6 = s5 + ld;
            eightRows(src, s0, s1, s2, s3, s4, s5, s6, s6 + ld, kc, dst, dstOff + lane, width);
        }
        for (int lane = whole; lane < rows; lane++) {
            for (int p = 0, s = off + lane * ld + p0, d = dstOff + lane; p < kc; p++, d += width) {
                dst[d] = src[s + p];
            }
        }
        for (int lane = rows; lane < width; lane++) {
            for (int p = 0, d = dstOff + lane; p < kc; p++, d += width) {
                dst[d] = 0f;
            }
        }
    }

    /**
     * {@code kc} elements of eight rows, from s0 … s7 on, to eight neighbouring lanes from {@code d} on, each p
     * {@code width} further: 32 contiguous bytes written at once rather than one float to each of kc cache lines a row
     * (the rows' offsets as locals, so that C2 hoists the range checks).
     */
    private static void eightRows(float[] src, int s0, int s1, int s2, int s3, int s4, int s5, int s6, int s7, int kc,
                                  float[] dst, int d, int width) {
        for (int p = 0; p < kc; p++, d += width) {
            dst[d] = src[s0 + p];
            dst[d + 1] = src[s1 + p];
            dst[d + 2] = src[s2 + p];
            dst[d + 3] = src[s3 + p];
            dst[d + 4] = src[s4 + p];
            dst[d + 5] = src[s5 + p];
            dst[d + 6] = src[s6 + p];
            dst[d + 7] = src[s7 + p];
        }
    }

    /**
     * Packs rows [p0, p0+kc) × columns [j0, j0+nc) of a window matrix as {@link #packB} lays out op(B), element
     * (p, j) read from the example's zero-padded copy ({@link Windows#pad}) at {@code rowOffset[p] + columnOffset[j]}.
     * The windows as stored take {@link Windows#rowOffset} and {@link Windows#positionOffset}; their transpose, the
     * two the other way round.
     */
    static void packWindows(float[] padded, int[] rowOffset, int[] columnOffset, int p0, int kc, int j0, int nc, int nr, int lanes,
                            float[] dst) {
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int w = panelWidth(cols, nr, lanes);
            int base = jr * kc, column = j0 + jr;
            for (int p = 0; p < kc; p++) {
                int src = rowOffset[p0 + p], d = base + p * w;
                for (int t = 0; t < cols; t++) {
                    dst[d + t] = padded[src + columnOffset[column + t]];
                }
                for (int t = cols; t < w; t++) {
                    dst[d + t] = 0f;
                }
            }
        }
    }

    /**
     * Packs a convolution's weights, {@code filters} rows of channels × kh × kw stored {@code ld} apart from {@code off},
     * as the weights of the transposed convolution that computes its input gradient: kernels flipped, channels and
     * filters swapped, in panels of {@code width} channels. Panel t starts at {@code t·k·width}, k = filters·kh·kw, and
     * element (p, lane), p = (f, i, j), at {@code p·width + lane} is the weight of filter f, channel t·width + lane at
     * (kh − 1 − i, kw − 1 − j). Lanes past the last channel are zero.
     */
    static void packFlipped(float[] w, int off, int ld, int filters, int channels, int kh, int kw, int width, float[] dst) {
        int k = filters * kh * kw;
        for (int t = 0; t * width < channels; t++) {
            int base = t * k * width;
            for (int f = 0; f < filters; f++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        int d = base + ((f * kh + i) * kw + j) * width;
                        int s = off + f * ld + (kh - 1 - i) * kw + kw - 1 - j;
                        for (int lane = 0; lane < width; lane++) {
                            int c = t * width + lane;
                            dst[d + lane] = c < channels ? w[s + c * kh * kw] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** The stored width of a panel holding {@code cols} columns: {@code nr} or whole vectors. */
    static int panelWidth(int cols, int nr, int lanes) {
        return cols == nr ? nr : (cols + lanes - 1) / lanes * lanes;
    }
}
