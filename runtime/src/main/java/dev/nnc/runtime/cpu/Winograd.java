package dev.nnc.runtime.cpu;

import static dev.nnc.runtime.cpu.VectorKernels.LANES;
import static dev.nnc.runtime.cpu.VectorKernels.SPECIES;
import static dev.nnc.runtime.cpu.VectorKernels.W4;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Convolutions with 5 × 5 kernels and unit strides by Winograd's minimal filtering F(2 × 2, 5 × 5) (Lavin and Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2016): each 2 × 2 block of outputs ("tile") of a filter is
 * Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, d the 6 × 6 input patch under it and g the 5 × 5 kernel. Summed over the channels, the
 * element-wise products become 36 matrix products (tiles × channels) · (channels × filters), one for each of the 6 × 6
 * points ξ: 36 multiply-adds per tile, filter and channel where the direct convolution takes 100, at the price of the
 * transforms, which are linear and cheap. The input gradient is such a convolution (the transposed one, kernels
 * flipped), and the weight gradient is Gᵀ [Σ over tiles (A dY Aᵀ) ⊙ (Bᵀ d B)] G: 36 products with the tiles as their
 * depth. Bᵀ, G and Aᵀ are Toom–Cook's at the points 0, ±1, ±2 and ∞, derived and checked in exact arithmetic; their
 * entries reach 5, so intermediate values are larger than the results and round more: {@code WindowsTest} allows these
 * products 4 times the direct bound and saw 1.1 times. CNN conv2 (32 → 64 channels, 14 × 14), ms a step on two cores:
 * forward 5.0 → 3.4, weight gradient 4.9 → 3.4, input gradient 5.0 → 3.6.
 *
 * <p>Layouts, for vectors along the channels (input transform) or the filters (the others): an example is first copied
 * channels-last into a zero-padded buffer. Forward, the tiles go four at a time (a strip): their transformed patches
 * {@code V[ξ][tile][channel]} and sums {@code M[ξ][tile][filter]} stay in L1, and the transformed kernels
 * {@code U[ξ][panel][channel][filter]}, packed once per call in panels {@link VectorKernels#W4} filters wide, are the
 * B panels of {@link VectorKernels#tile4x4Unpacked}, whose A rows are the strip's four tiles. The weight gradient
 * transforms an example's tiles and output gradients up to {@link #GROUP} tiles at a time ({@code V}, and {@code dM}
 * packed as such panels) and sums
 * {@code dUᵀ[ξ][channel][filter]} over the examples with {@link VectorKernels#tile4x4Positions}, its A rows four channels
 * read across the tiles through a table of the tiles' offsets.
 */
final class Winograd {
    /** The least channels worth it: a product over fewer does too little per transform (conv1, one channel, is not). */
    static final int MIN_CHANNELS = 16;
    /**
     * Tiles the weight gradient transforms at a time: the products' depth, and its buffers' bound (a layer of 256
     * channels at 56 × 56 would otherwise hold 784 tiles' transforms, 30 MB a thread). CNN conv2 has 49.
     */
    static final int GROUP = 64;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private Winograd() {}

    /**
     * Whether the products over {@code w} run here (the forward product and the weight gradient; over
     * {@link Windows#transposed}, the input gradient): 5 × 5 kernels, unit strides, an even output, enough channels,
     * 32 vector registers (the 4 × 4 tiles).
     */
    static boolean applies(Windows w) {
        return VectorKernels.REGISTERS >= 32 && w.kernelH() == 5 && w.kernelW() == 5 && w.strideH() == 1 && w.strideW() == 1
                && w.outHeight() % 2 == 0 && w.outWidth() % 2 == 0 && w.channels() >= MIN_CHANNELS;
    }

    /**
     * out[e] (+)= weights · windows(in[e]) for examples [e0, e1): weights {@code filters} × (channels·25) from
     * {@code wOff}, rows {@code lda} apart; each example's output filters × positions. With {@code flipped}, the weights
     * are those of the convolution this one transposes, channels × (filters·25), each kernel read turned by 180°: the
     * input gradient ({@link Windows#transposed}).
     */
    static void forward(float[] weights, int wOff, int lda, boolean flipped, int filters, Windows w, float[] in, int inOff,
                        int inStride, float[] out, int outOff, int outStride, int e0, int e1, boolean accumulate) {
        Buffers b = BUFFERS.get();
        int channels = w.channels(), cp = roundUp(channels, LANES), panels = (filters + W4 - 1) / W4, ldm = panels * W4;
        int tilesW = w.outWidth() / 2, tiles = w.outHeight() / 2 * tilesW, positions = w.positions();
        int pw = w.outWidth() + 4, ph = w.outHeight() + 4;
        float[] u = b.get(Buffers.U, 36 * panels * cp * W4);
        transformKernels(weights, wOff, lda, flipped, filters, channels, cp, panels, b, u);
        float[] hwc = b.get(Buffers.HWC, ph * pw * cp), v = b.get(Buffers.V, 36 * 4 * cp), m = b.get(Buffers.M, 36 * 4 * ldm);
        float[] sum = b.get(Buffers.SUM, roundUp(positions, 4) * ldm);
        float[] t = b.get(Buffers.T, 36 * Math.max(cp, ldm));
        for (int e = e0; e < e1; e++) {
            channelsLast(w, in, inOff + e * inStride, cp, pw, hwc);
            for (int s = 0; s < tiles; s += 4) {
                int n = Math.min(4, tiles - s);
                for (int r = 0; r < n; r++) {
                    int tile = s + r;
                    transformPatch(hwc, (2 * (tile / tilesW) * pw + 2 * (tile % tilesW)) * cp, pw * cp, cp, t, v, r * cp, 4 * cp);
                }
                for (int xi = 0; xi < 36; xi++) { // each tile stores its sums: all channels are one k block
                    int o0 = xi * 4 * cp, o1 = n > 1 ? o0 + cp : o0, o2 = n > 2 ? o0 + 2 * cp : o0, o3 = n > 3 ? o0 + 3 * cp : o0;
                    for (int p = 0; p < panels; p++) {
                        VectorKernels.tile4x4Unpacked(cp, v, o0, o1, o2, o3, u, (xi * panels + p) * cp * W4, m, xi * 4 * ldm + p * W4, ldm,
                                false);
                    }
                }
                for (int r = 0; r < n; r++) {
                    int tile = s + r, q = 2 * (tile / tilesW) * w.outWidth() + 2 * (tile % tilesW);
                    transformSums(m, r * ldm, 4 * ldm, ldm, t, sum, q * ldm, w.outWidth() * ldm);
                }
            }
            VectorGemm.addTransposed(sum, ldm, filters, positions, out, outOff + e * outStride, positions, accumulate);
        }
    }

    /**
     * dW (+)= Σ_e dY[e] · windows(in[e])ᵀ for examples [e0, e1), as {@code dW = Gᵀ [Σ (A dY Aᵀ) ⊙ (Bᵀ d B)] G} summed over
     * the tiles: the products have the tiles as their depth, 36 of (channels × tiles) · (tiles × filters) an example.
     * dY[e] is filters × positions from {@code dyOff + e·dyStride}; dW filters × (channels·25) at {@code cOff}, rows
     * {@code ldc} apart.
     */
    static void weightGradient(float[] dy, int dyOff, int dyStride, int filters, Windows w, float[] in, int inOff, int inStride,
                               float[] dw, int cOff, int ldc, int e0, int e1, boolean accumulate) {
        Buffers b = BUFFERS.get();
        int channels = w.channels(), cp = roundUp(channels, LANES), panels = (filters + W4 - 1) / W4, ldm = panels * W4;
        int outW = w.outWidth(), tilesW = outW / 2, tiles = w.outHeight() / 2 * tilesW, positions = w.positions();
        int pw = w.outWidth() + 4, ph = w.outHeight() + 4, group = Math.min(tiles, GROUP);
        float[] hwc = b.get(Buffers.HWC, ph * pw * cp), v = b.get(Buffers.V, 36 * group * cp);
        float[] m = b.get(Buffers.M, 36 * panels * group * W4), u = b.get(Buffers.U, 36 * cp * ldm);
        // the forward product's slots hold other things here: SUM the output gradient filters-last, G the sums of dW
        float[] dyt = b.get(Buffers.SUM, positions * ldm), t = b.get(Buffers.T, 36 * Math.max(cp, ldm));
        int[] offsets = b.offsets(group);
        for (int r = 0; r < group; r++) {
            offsets[r] = r * cp;
        }
        Arrays.fill(u, 0, 36 * cp * ldm, 0f);
        for (int e = e0; e < e1; e++) {
            channelsLast(w, in, inOff + e * inStride, cp, pw, hwc);
            for (int f = 0; f < ldm; f++) { // dY filters-last
                for (int q = 0, src = dyOff + e * dyStride + f * positions; q < positions; q++) {
                    dyt[q * ldm + f] = f < filters ? dy[src + q] : 0f;
                }
            }
            for (int g0 = 0; g0 < tiles; g0 += group) {
                int n = Math.min(group, tiles - g0);
                for (int r = 0; r < n; r++) {
                    int tile = g0 + r, y = 2 * (tile / tilesW), x = 2 * (tile % tilesW);
                    transformPatch(hwc, (y * pw + x) * cp, pw * cp, cp, t, v, r * cp, group * cp);
                    transformGradient(dyt, (y * outW + x) * ldm, outW * ldm, ldm, t, m, r * W4, group * W4, panels);
                }
                for (int xi = 0; xi < 36; xi++) {
                    for (int c = 0; c < cp; c += 4) {
                        int o0 = xi * group * cp + c;
                        for (int p = 0; p < panels; p++) {
                            VectorKernels.tile4x4Positions(n, offsets, 0, v, o0, o0 + 1, o0 + 2, o0 + 3, m,
                                    (xi * panels + p) * group * W4, u, (xi * cp + c) * ldm + p * W4, ldm);
                        }
                    }
                }
            }
        }
        float[] sum = b.get(Buffers.G, channels * 25 * ldm);
        for (int c = 0; c < channels; c++) { // Gᵀ dU G, filters along the vectors, into sum[(c·25 + i·5 + j)·ldm + f]
            for (int l = 0; l < 6; l++) {
                for (int f = 0; f < ldm; f += LANES) {
                    gTransposed(u, (l * cp + c) * ldm + f, 6 * cp * ldm, t, l * ldm + f, 6 * ldm);
                }
            }
            for (int i = 0; i < 5; i++) {
                for (int f = 0; f < ldm; f += LANES) {
                    gTransposed(t, i * 6 * ldm + f, ldm, sum, (c * 25 + i * 5) * ldm + f, ldm);
                }
            }
        }
        VectorGemm.addTransposed(sum, ldm, filters, channels * 25, dw, cOff, ldc, accumulate);
    }

    /**
     * A dY Aᵀ for a tile's 2 × 2 output gradients at {@code src} (filters contiguous, {@code ld} of them; the second row
     * {@code rowStride} after the first): point ξ's filters to the panels of {@code dst}, panel p of point ξ at
     * {@code (ξ·panels + p)·xiStride}, this tile's {@link VectorKernels#W4} filters from {@code dst0} in each.
     */
    private static void transformGradient(float[] src, int src0, int rowStride, int ld, float[] t, float[] dst, int dst0,
                                          int xiStride, int panels) {
        for (int j = 0; j < 2; j++) { // columns: t[k][j] = Σ_i Aᵀ[i][k] dY[i][j]
            for (int f = 0; f < ld; f += LANES) {
                aTransposed(src, src0 + j * ld + f, rowStride, t, j * ld + f, 2 * ld);
            }
        }
        for (int k = 0; k < 6; k++) { // rows: dM[k][l] = Σ_j t[k][j] Aᵀ[j][l]
            for (int f = 0; f < ld; f += LANES) {
                aTransposed(t, k * 2 * ld + f, ld, dst, dst0 + (k * 6 * panels + f / W4) * xiStride + f % W4, panels * xiStride);
            }
        }
    }

    /** (Aᵀ)ᵀ x for one vector of two points {@code stride} apart, to six {@code dStride} apart. */
    private static void aTransposed(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector p2 = FloatVector.broadcast(SPECIES, 2f), m2 = FloatVector.broadcast(SPECIES, -2f);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f);
        x0.intoArray(d, d0);
        x0.add(x1).intoArray(d, d0 + dStride);
        x1.fma(m1, x0).intoArray(d, d0 + 2 * dStride);
        x1.fma(p2, x0).intoArray(d, d0 + 3 * dStride);
        x1.fma(m2, x0).intoArray(d, d0 + 4 * dStride);
        x1.intoArray(d, d0 + 5 * dStride);
    }

    /** Gᵀ x for one vector of six points {@code stride} apart, to five kernel taps {@code dStride} apart. */
    private static void gTransposed(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), x5 = FloatVector.fromArray(SPECIES, s, s0 + 5 * stride);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f), sixth = FloatVector.broadcast(SPECIES, -1f / 6);
        FloatVector s12 = x1.add(x2), d12 = x2.fma(m1, x1), s34 = x3.add(x4), d34 = x4.fma(m1, x3);
        x0.fma(FloatVector.broadcast(SPECIES, 0.25f), s12.fma(sixth, s34.fma(FloatVector.broadcast(SPECIES, 1f / 24),
                FloatVector.zero(SPECIES)))).intoArray(d, d0);
        d12.fma(sixth, d34.fma(FloatVector.broadcast(SPECIES, 1f / 12), FloatVector.zero(SPECIES))).intoArray(d, d0 + dStride);
        s12.fma(sixth, s34.fma(FloatVector.broadcast(SPECIES, 1f / 6), FloatVector.zero(SPECIES))).intoArray(d, d0 + 2 * dStride);
        d12.fma(sixth, d34.fma(FloatVector.broadcast(SPECIES, 1f / 3), FloatVector.zero(SPECIES))).intoArray(d, d0 + 3 * dStride);
        s12.fma(sixth, s34.fma(FloatVector.broadcast(SPECIES, 2f / 3), x5)).intoArray(d, d0 + 4 * dStride);
    }

    /** The example channels-last, zero-padded by two on each side: element (y, x, c) at (y·pw + x)·cp + c. */
    private static void channelsLast(Windows w, float[] in, int off, int cp, int pw, float[] hwc) {
        int h = w.height(), wd = w.width(), padTop = w.padTop(), padLeft = w.padLeft(), rows = w.outHeight() + 4;
        Arrays.fill(hwc, 0, rows * pw * cp, 0f);
        for (int c = 0; c < w.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int py = y + padTop;
                if (py >= rows) {
                    break;
                }
                for (int x = 0, src = off + (c * h + y) * wd; x < wd; x++) {
                    int px = x + padLeft;
                    if (px < pw) {
                        hwc[(py * pw + px) * cp + c] = in[src + x];
                    }
                }
            }
        }
    }

    /**
     * Bᵀ d B for the 6 × 6 patch at {@code src} (rows {@code rowStride} apart, columns {@code cp} apart), every channel:
     * point ξ's channels to {@code dst + ξ·ξStride}.
     */
    private static void transformPatch(float[] src, int src0, int rowStride, int cp, float[] t, float[] dst, int dst0, int xiStride) {
        for (int j = 0; j < 6; j++) { // columns: t[k][j] = Σ_i Bᵀ[k][i] d[i][j]
            for (int c = 0; c < cp; c += LANES) {
                bt(src, src0 + j * cp + c, rowStride, t, j * cp + c, 6 * cp);
            }
        }
        for (int k = 0; k < 6; k++) { // rows: V[k][l] = Σ_j t[k][j] Bᵀ[l][j]
            for (int c = 0; c < cp; c += LANES) {
                bt(t, k * 6 * cp + c, cp, dst, dst0 + k * 6 * xiStride + c, xiStride);
            }
        }
    }

    /**
     * Bᵀ x for one vector of six points {@code stride} apart, to six {@code dStride} apart. The transforms use only the
     * operations the register tiles use (fma, add, loads and stores): with others (mul, sub) C2 left some calls virtual
     * in the CNN's run, boxing their vectors (70 MB allocated a step).
     */
    private static void bt(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), x5 = FloatVector.fromArray(SPECIES, s, s0 + 5 * stride);
        FloatVector p4 = FloatVector.broadcast(SPECIES, 4f), m4 = FloatVector.broadcast(SPECIES, -4f);
        FloatVector m5 = FloatVector.broadcast(SPECIES, -5f), p2 = FloatVector.broadcast(SPECIES, 2f);
        FloatVector m2 = FloatVector.broadcast(SPECIES, -2f), m1 = FloatVector.broadcast(SPECIES, -1f);
        x0.fma(p4, x2.fma(m5, x4)).intoArray(d, d0);
        x1.fma(m4, x2.fma(m4, x3.add(x4))).intoArray(d, d0 + dStride);
        x1.fma(p4, x2.fma(m4, x3.fma(m1, x4))).intoArray(d, d0 + 2 * dStride);
        x1.fma(m2, x2.fma(m1, x3.fma(p2, x4))).intoArray(d, d0 + 3 * dStride);
        x1.fma(p2, x2.fma(m1, x3.fma(m2, x4))).intoArray(d, d0 + 4 * dStride);
        x1.fma(p4, x3.fma(m5, x5)).intoArray(d, d0 + 5 * dStride);
    }

    /**
     * Aᵀ M A for a tile's 36 points at {@code src} ({@code xiStride} apart, filters contiguous): its 2 × 2 outputs to
     * {@code dst}, each a row of {@code ld} filters, the second row of outputs {@code rowStride} after the first.
     */
    private static void transformSums(float[] src, int src0, int xiStride, int ld, float[] t, float[] dst, int dst0, int rowStride) {
        for (int l = 0; l < 6; l++) { // columns: t[i][l] = Σ_k Aᵀ[i][k] M[k][l]
            for (int f = 0; f < ld; f += LANES) {
                at(src, src0 + l * xiStride + f, 6 * xiStride, t, l * ld + f, 6 * ld);
            }
        }
        for (int i = 0; i < 2; i++) { // rows: Y[i][j] = Σ_l t[i][l] Aᵀ[j][l]
            for (int f = 0; f < ld; f += LANES) {
                at(t, i * 6 * ld + f, ld, dst, dst0 + i * rowStride + f, ld);
            }
        }
    }

    /** Aᵀ x for one vector of six points {@code stride} apart, to two {@code dStride} apart. */
    private static void at(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), x5 = FloatVector.fromArray(SPECIES, s, s0 + 5 * stride);
        FloatVector p2 = FloatVector.broadcast(SPECIES, 2f), m2 = FloatVector.broadcast(SPECIES, -2f);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f);
        x0.add(x1).add(x2.add(x3)).add(x4).intoArray(d, d0);
        x2.fma(m1, x1).add(x3.fma(p2, x4.fma(m2, x5))).intoArray(d, d0 + dStride);
    }

    /**
     * G g Gᵀ for every filter and channel into {@code u}: point ξ, panel p, channel c, filter p·W4 + lane at
     * ((ξ·panels + p)·cp + c)·W4 + lane; filters past the last and channels past {@code channels} zero.
     */
    private static void transformKernels(float[] weights, int wOff, int lda, boolean flipped, int filters, int channels, int cp,
                                         int panels, Buffers b, float[] u) {
        int ldm = panels * W4;
        float[] g = b.get(Buffers.G, channels * 25 * ldm), t = b.get(Buffers.T, 30 * ldm);
        for (int f = 0; f < ldm; f++) { // filters along the vectors
            for (int r = 0; r < channels * 25; r++) { // r: channel, kernel row and column, as the window matrix's rows
                g[r * ldm + f] = f >= filters ? 0f
                        : flipped ? weights[wOff + r / 25 * lda + f * 25 + 24 - r % 25] : weights[wOff + f * lda + r];
            }
        }
        if (cp > channels) {
            Arrays.fill(u, 0f);
        }
        int xiStride = panels * cp * W4;
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < 5; j++) { // columns: t[k][j] = Σ_i G[k][i] g[i][j]
                for (int f = 0; f < ldm; f += LANES) {
                    gt(g, (c * 25 + j) * ldm + f, 5 * ldm, t, j * ldm + f, 5 * ldm);
                }
            }
            for (int k = 0; k < 6; k++) { // rows: U[k][l] = Σ_j t[k][j] G[l][j]
                for (int f = 0; f < ldm; f += LANES) {
                    gt(t, k * 5 * ldm + f, ldm, u, (k * 6 * panels + f / W4) * cp * W4 + c * W4 + f % W4, xiStride);
                }
            }
        }
    }

    /** G x for one vector of five kernel taps {@code stride} apart, to six points {@code dStride} apart. */
    private static void gt(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), zero = FloatVector.zero(SPECIES);
        FloatVector sixth = FloatVector.broadcast(SPECIES, -1f / 6), m1 = FloatVector.broadcast(SPECIES, -1f);
        FloatVector even = x0.add(x2).add(x4), odd = x1.add(x3);
        FloatVector even4 = x0.fma(FloatVector.broadcast(SPECIES, 1f / 24), x2.fma(FloatVector.broadcast(SPECIES, 1f / 6),
                x4.fma(FloatVector.broadcast(SPECIES, 2f / 3), zero)));
        FloatVector odd4 = x1.fma(FloatVector.broadcast(SPECIES, 1f / 12), x3.fma(FloatVector.broadcast(SPECIES, 1f / 3), zero));
        x0.fma(FloatVector.broadcast(SPECIES, 0.25f), zero).intoArray(d, d0);
        even.add(odd).fma(sixth, zero).intoArray(d, d0 + dStride);
        odd.fma(m1, even).fma(sixth, zero).intoArray(d, d0 + 2 * dStride);
        even4.add(odd4).intoArray(d, d0 + 3 * dStride);
        odd4.fma(m1, even4).intoArray(d, d0 + 4 * dStride);
        x4.intoArray(d, d0 + 5 * dStride);
    }

    private static int roundUp(int n, int m) {
        return (n + m - 1) / m * m;
    }

    /** One thread's buffers, grown to the largest call seen: which one by the constants below. */
    private static final class Buffers {
        static final int U = 0, HWC = 1, V = 2, M = 3, SUM = 4, T = 5, G = 6;
        private final float[][] arrays = new float[7][0];
        private int[] offsets = new int[0];

        float[] get(int which, int size) {
            return arrays[which] = ParallelGemm.grown(arrays[which], size);
        }

        int[] offsets(int size) {
            return offsets = offsets.length >= size ? offsets : new int[size];
        }
    }
}
