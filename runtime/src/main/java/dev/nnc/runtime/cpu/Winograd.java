package dev.nnc.runtime.cpu;

import static dev.nnc.runtime.cpu.VectorKernels.LANES;
import static dev.nnc.runtime.cpu.VectorKernels.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Convolutions with 5 × 5 kernels and unit strides by Winograd's minimal filtering F(4 × 4, 5 × 5) (Lavin and Gray,
 * "Fast Algorithms for Convolutional Neural Networks", 2016): each 4 × 4 block of outputs ("tile") of a filter is
 * Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, d the 8 × 8 input patch under it and g the 5 × 5 kernel. Summed over the channels, the
 * element-wise products become 64 matrix products (tiles × channels) · (channels × filters), one for each of the 8 × 8
 * points ξ: 4 multiply-adds per output, filter and channel where the direct convolution takes 25 (F(2 × 2, 5 × 5), used
 * before, took 9), at the price of the transforms, which are linear and cheap. An output whose side is not a multiple of
 * four ends in partial tiles, computed whole over zero padding (CNN conv2's 14 × 14 as 16 × 16: 1.72 times fewer
 * products than F(2 × 2) all the same). The input gradient is such a convolution (the transposed one, kernels flipped),
 * and the weight gradient is Gᵀ [Σ over tiles (A dY Aᵀ) ⊙ (Bᵀ d B)] G: 64 products with the tiles as their depth.
 * Bᵀ, G and Aᵀ are Toom–Cook's at the points 0, ±1, ±2, ±½ and ∞, derived and checked in exact arithmetic; their
 * entries reach 8, so intermediate values are larger than the results and round more: {@code WindowsTest} allows these
 * products 4 times the direct bound and saw 1.02 times. CNN conv2 (32 → 64 channels, 14 × 14), ms a step on two
 * cores, direct → F(2 × 2) → F(4 × 4): forward 5.0 → 3.4 → 2.3, weight gradient 4.9 → 3.4 → 2.8, input gradient
 * 5.0 → 3.6 → 2.6.
 *
 * <p>Layouts, for vectors along the channels (input transform) or the filters (the others): an example is first copied
 * channels-last into a zero-padded buffer. Forward, the tiles go four at a time (a strip): their transformed patches
 * {@code V[ξ][tile][channel]} and sums {@code M[ξ][tile][filter]} stay in L2, and the transformed kernels
 * {@code U[ξ][panel][channel][filter]}, packed once per call in panels {@link #PANEL} filters wide, are the
 * B panels of {@link VectorKernels#tile4x4Unpacked} ({@link VectorKernels#tile4x2Unpacked} with 16 registers), whose A
 * rows are the strip's four tiles. The weight gradient transforms the examples' tiles and output gradients
 * {@link #GROUP} tiles at a time ({@code V}, and {@code dM} packed as such panels) and sums {@code dUᵀ[ξ][channel][filter]}
 * over them with {@link VectorKernels#tile4x4Positions} (or {@link VectorKernels#tile4x2Positions}), its A rows four
 * channels read across the tiles through a table of the tiles' offsets.
 */
final class Winograd {
    /** Outputs a tile has along each side, and the points its transforms have along each side (TILE + 5 − 1). */
    static final int TILE = 4, SIDE = 8, POINTS = SIDE * SIDE;
    /** The least channels worth it: a product over fewer does too little per transform (conv1, one channel, is not). */
    static final int MIN_CHANNELS = 16;
    /**
     * Tiles the weight gradient transforms at a time, across examples: the products' depth, and its buffers' bound (a
     * layer of 256 channels at 56 × 56 would otherwise hold 196 tiles' transforms, 13 MB a thread). CNN conv2 has 16 an
     * example: its products run four examples deep.
     */
    static final int GROUP = 64;
    /**
     * Floats left between the weight gradient's slices of V and dM for consecutive points, one cache line: a slice of
     * 64 tiles is 8 KB, a multiple of the L1 cache's 4 KB set period, so each tile's 64 points, written one after
     * another, would all fall into the same two sets. CNN conv2's weight gradient 2.66–2.81 → 2.26–2.61 ms (medians).
     */
    static final int SKEW = 16;
    /**
     * Filters a panel holds: four vectors where there are 32 vector registers (AVX-512), two where there are 16 (AVX2),
     * whose four-vector tiles would spill their 16 accumulators. With the four-vector tiles spilling, CNN conv2's
     * products on AVX2 (`-XX:UseAVX=2` on the Zen 4) took 6.1 / 5.3 / 4.7 ms against 7.4 each computed directly.
     */
    static final int PANEL = VectorKernels.REGISTERS >= 32 ? VectorKernels.W4 : VectorKernels.W2;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private Winograd() {}

    /**
     * Whether the products over {@code w} run here (the forward product and the weight gradient; over
     * {@link Windows#transposed}, the input gradient): 5 × 5 kernels, unit strides, enough channels.
     */
    static boolean applies(Windows w) {
        return w.kernelH() == 5 && w.kernelW() == 5 && w.strideH() == 1 && w.strideW() == 1
                && w.channels() >= MIN_CHANNELS;
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
        int channels = w.channels(), cp = roundUp(channels, LANES), panels = (filters + PANEL - 1) / PANEL, ldm = panels * PANEL;
        int outH = w.outHeight(), outW = w.outWidth(), tilesW = tiles(outW), tiles = tiles(outH) * tilesW;
        int pw = tilesW * TILE + 4, ph = tiles(outH) * TILE + 4, positions = w.positions();
        float[] u = b.get(Buffers.U, POINTS * panels * cp * PANEL);
        transformKernels(weights, wOff, lda, flipped, filters, channels, cp, panels, b, u);
        float[] hwc = b.get(Buffers.HWC, ph * pw * cp), v = b.get(Buffers.V, POINTS * 4 * cp);
        float[] m = b.get(Buffers.M, POINTS * 4 * ldm), sum = b.get(Buffers.SUM, positions * ldm);
        float[] t = b.get(Buffers.T, POINTS * Math.max(cp, ldm));
        Arrays.fill(hwc, 0, ph * pw * cp, 0f); // the padding, which every example leaves as it is
        for (int e = e0; e < e1; e++) {
            channelsLast(in, inOff + e * inStride, channels, w.height(), w.width(), w.padTop(), w.padLeft(), cp, pw, ph, hwc);
            for (int s = 0; s < tiles; s += 4) {
                int n = Math.min(4, tiles - s);
                for (int r = 0; r < n; r++) {
                    int y = TILE * ((s + r) / tilesW), x = TILE * ((s + r) % tilesW);
                    transformPatch(hwc, (y * pw + x) * cp, pw * cp, cp, t, v, r * cp, 4 * cp);
                }
                if (PANEL != VectorKernels.W4) { // the two-vector tile adds its sums: start them from zero
                    Arrays.fill(m, 0, POINTS * 4 * ldm, 0f);
                }
                for (int xi = 0; xi < POINTS; xi++) { // each tile stores its sums: all channels are one k block
                    int o0 = xi * 4 * cp, o1 = n > 1 ? o0 + cp : o0, o2 = n > 2 ? o0 + 2 * cp : o0, o3 = n > 3 ? o0 + 3 * cp : o0;
                    for (int p = 0; p < panels; p++) {
                        if (PANEL == VectorKernels.W4) {
                            VectorKernels.tile4x4Unpacked(cp, v, o0, o1, o2, o3, u, (xi * panels + p) * cp * PANEL, m, xi * 4 * ldm + p * PANEL,
                                    ldm);
                        } else {
                            VectorKernels.tile4x2Unpacked(cp, v, o0, o1, o2, o3, u, (xi * panels + p) * cp * PANEL, m, xi * 4 * ldm + p * PANEL,
                                    ldm);
                        }
                    }
                }
                for (int r = 0; r < n; r++) {
                    int y = TILE * ((s + r) / tilesW), x = TILE * ((s + r) % tilesW);
                    transformSums(m, r * ldm, 4 * ldm, ldm, t, sum, (y * outW + x) * ldm, outW * ldm, Math.min(TILE, outH - y),
                            Math.min(TILE, outW - x));
                }
            }
            VectorGemm.addTransposed(sum, ldm, filters, positions, out, outOff + e * outStride, positions, accumulate);
        }
    }

    /**
     * dW (+)= Σ_e dY[e] · windows(in[e])ᵀ for examples [e0, e1), as {@code dW = Gᵀ [Σ (A dY Aᵀ) ⊙ (Bᵀ d B)] G} summed over
     * the tiles: the products have the tiles as their depth, 64 of (channels × tiles) · (tiles × filters) for each
     * {@link #GROUP} tiles. dY[e] is filters × positions from {@code dyOff + e·dyStride}; dW filters × (channels·25) at
     * {@code cOff}, rows {@code ldc} apart.
     */
    static void weightGradient(float[] dy, int dyOff, int dyStride, int filters, Windows w, float[] in, int inOff, int inStride,
                               float[] dw, int cOff, int ldc, int e0, int e1, boolean accumulate) {
        Buffers b = BUFFERS.get();
        int channels = w.channels(), cp = roundUp(channels, LANES), panels = (filters + PANEL - 1) / PANEL, ldm = panels * PANEL;
        int outH = w.outHeight(), outW = w.outWidth(), tilesW = tiles(outW), tiles = tiles(outH) * tilesW;
        int pw = tilesW * TILE + 4, ph = tiles(outH) * TILE + 4, gw = tilesW * TILE, positions = w.positions();
        int group = Math.min(tiles * (e1 - e0), GROUP), vs = group * cp + SKEW, ms = group * PANEL + SKEW;
        float[] hwc = b.get(Buffers.HWC, ph * pw * cp), v = b.get(Buffers.V, POINTS * vs);
        float[] m = b.get(Buffers.M, POINTS * panels * ms), u = b.get(Buffers.U, POINTS * cp * ldm);
        // the forward product's slots hold other things here: SUM the output gradient filters-last, G the sums of dW
        float[] dyt = b.get(Buffers.SUM, (ph - 4) * gw * ldm), t = b.get(Buffers.T, POINTS * Math.max(cp, ldm));
        int[] offsets = b.offsets(group);
        for (int r = 0; r < group; r++) {
            offsets[r] = r * cp;
        }
        Arrays.fill(u, 0, POINTS * cp * ldm, 0f);
        Arrays.fill(hwc, 0, ph * pw * cp, 0f); // the paddings, which every example leaves as they are
        Arrays.fill(dyt, 0, (ph - 4) * gw * ldm, 0f);
        int n = 0; // tiles transformed and not yet multiplied
        for (int e = e0; e < e1; e++) {
            channelsLast(in, inOff + e * inStride, channels, w.height(), w.width(), w.padTop(), w.padLeft(), cp, pw, ph, hwc);
            channelsLast(dy, dyOff + e * dyStride, filters, outH, outW, 0, 0, ldm, gw, ph - 4, dyt); // dY filters-last
            for (int tile = 0; tile < tiles; tile++) {
                int y = TILE * (tile / tilesW), x = TILE * (tile % tilesW);
                transformPatch(hwc, (y * pw + x) * cp, pw * cp, cp, t, v, n * cp, vs);
                transformGradient(dyt, (y * gw + x) * ldm, gw * ldm, ldm, t, m, n * PANEL, ms, panels);
                if (++n == group) {
                    multiplyTransforms(n, vs, ms, cp, panels, ldm, offsets, v, m, u);
                    n = 0;
                }
            }
        }
        if (n > 0) {
            multiplyTransforms(n, vs, ms, cp, panels, ldm, offsets, v, m, u);
        }
        float[] sum = b.get(Buffers.G, channels * 25 * ldm);
        for (int c = 0; c < channels; c++) { // Gᵀ dU G, filters along the vectors, into sum[(c·25 + i·5 + j)·ldm + f]
            for (int l = 0; l < SIDE; l++) {
                for (int f = 0; f < ldm; f += LANES) {
                    gTransposed(u, (l * cp + c) * ldm + f, SIDE * cp * ldm, t, l * ldm + f, SIDE * ldm);
                }
            }
            for (int i = 0; i < 5; i++) {
                for (int f = 0; f < ldm; f += LANES) {
                    gTransposed(t, i * SIDE * ldm + f, ldm, sum, (c * 25 + i * 5) * ldm + f, ldm);
                }
            }
        }
        VectorGemm.addTransposed(sum, ldm, filters, channels * 25, dw, cOff, ldc, accumulate);
    }

    /** dUᵀ[ξ] += Vᵀ[ξ] · dM[ξ] over the first {@code n} tiles of a group, for each of the 64 points ξ. */
    private static void multiplyTransforms(int n, int vs, int ms, int cp, int panels, int ldm, int[] offsets, float[] v, float[] m,
                                           float[] u) {
        for (int xi = 0; xi < POINTS; xi++) {
            for (int c = 0; c < cp; c += 4) {
                int o0 = xi * vs + c;
                for (int p = 0; p < panels; p++) {
                    VectorGemm.positionsTile(PANEL, n, offsets, 0, v, o0, o0 + 1, o0 + 2, o0 + 3, m, (xi * panels + p) * ms, u,
                            (xi * cp + c) * ldm + p * PANEL, ldm);
                }
            }
        }
    }

    /**
     * A dY Aᵀ for a tile's 4 × 4 output gradients at {@code src} (filters contiguous, {@code ld} of them; each row
     * {@code rowStride} after the one above): point ξ's filters to the panels of {@code dst}, panel p of point ξ at
     * {@code (ξ·panels + p)·xiStride}, this tile's {@link #PANEL} filters from {@code dst0} in each.
     */
    private static void transformGradient(float[] src, int src0, int rowStride, int ld, float[] t, float[] dst, int dst0,
                                          int xiStride, int panels) {
        for (int j = 0; j < TILE; j++) { // columns: t[k][j] = Σ_i A[k][i] dY[i][j]
            for (int f = 0; f < ld; f += LANES) {
                a(src, src0 + j * ld + f, rowStride, t, j * ld + f, TILE * ld);
            }
        }
        for (int k = 0; k < SIDE; k++) { // rows: dM[k][l] = Σ_j t[k][j] A[l][j]
            for (int f = 0; f < ld; f += LANES) {
                a(t, k * TILE * ld + f, ld, dst, dst0 + (k * SIDE * panels + f / PANEL) * xiStride + f % PANEL, panels * xiStride);
            }
        }
    }

    /**
     * An example's {@code channels} planes of h × w from {@code off} channels-last into {@code hwc}: element (y, x, c) at
     * ((y + padTop)·pw + x + padLeft)·cp + c, what falls past pw × ph dropped. Writes nothing else: the caller zeroes the
     * padding once for all its examples. Eight channels at a time, eight planes read and 32 bytes written at once:
     * conv2's output gradient (64 × 14 × 14) 9 → 4.4 µs an example against a channel at a time with a fill each.
     */
    private static void channelsLast(float[] in, int off, int channels, int h, int wd, int padTop, int padLeft, int cp, int pw,
                                     int ph, float[] hwc) {
        int plane = h * wd, rows = Math.min(h, ph - padTop), cols = Math.min(wd, pw - padLeft), whole = channels / 8 * 8;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                int d = ((y + padTop) * pw + x + padLeft) * cp, s = off + y * wd + x, c = 0;
                for (; c < whole; c += 8, s += 8 * plane) {
                    float a0 = in[s], a1 = in[s + plane], a2 = in[s + 2 * plane], a3 = in[s + 3 * plane];
                    float a4 = in[s + 4 * plane], a5 = in[s + 5 * plane], a6 = in[s + 6 * plane], a7 = in[s + 7 * plane];
                    hwc[d + c] = a0;
                    hwc[d + c + 1] = a1;
                    hwc[d + c + 2] = a2;
                    hwc[d + c + 3] = a3;
                    hwc[d + c + 4] = a4;
                    hwc[d + c + 5] = a5;
                    hwc[d + c + 6] = a6;
                    hwc[d + c + 7] = a7;
                }
                for (; c < channels; c++, s += plane) {
                    hwc[d + c] = in[s];
                }
            }
        }
    }

    /**
     * Bᵀ d B for the 8 × 8 patch at {@code src} (rows {@code rowStride} apart, columns {@code cp} apart), every channel:
     * point ξ's channels to {@code dst + ξ·ξStride}.
     */
    private static void transformPatch(float[] src, int src0, int rowStride, int cp, float[] t, float[] dst, int dst0, int xiStride) {
        for (int j = 0; j < SIDE; j++) { // columns: t[k][j] = Σ_i Bᵀ[k][i] d[i][j]
            for (int c = 0; c < cp; c += LANES) {
                bt(src, src0 + j * cp + c, rowStride, t, j * cp + c, SIDE * cp);
            }
        }
        for (int k = 0; k < SIDE; k++) { // rows: V[k][l] = Σ_j t[k][j] Bᵀ[l][j]
            for (int c = 0; c < cp; c += LANES) {
                bt(t, k * SIDE * cp + c, cp, dst, dst0 + k * SIDE * xiStride + c, xiStride);
            }
        }
    }

    /**
     * Aᵀ M A for a tile's 64 points at {@code src} ({@code xiStride} apart, filters contiguous): its first {@code rows} ×
     * {@code cols} of 4 × 4 outputs to {@code dst}, each a row of {@code ld} filters, each row of outputs
     * {@code rowStride} after the one above.
     */
    private static void transformSums(float[] src, int src0, int xiStride, int ld, float[] t, float[] dst, int dst0, int rowStride,
                                      int rows, int cols) {
        for (int l = 0; l < SIDE; l++) { // columns: t[i][l] = Σ_k Aᵀ[i][k] M[k][l]
            for (int f = 0; f < ld; f += LANES) {
                at(src, src0 + l * xiStride + f, SIDE * xiStride, t, l * ld + f, SIDE * ld, TILE);
            }
        }
        for (int i = 0; i < rows; i++) { // rows: Y[i][j] = Σ_l t[i][l] Aᵀ[j][l]
            for (int f = 0; f < ld; f += LANES) {
                at(t, i * SIDE * ld + f, ld, dst, dst0 + i * rowStride + f, ld, cols);
            }
        }
    }

    /**
     * G g Gᵀ for every filter and channel into {@code u}: point ξ, panel p, channel c, filter p·PANEL + lane at
     * ((ξ·panels + p)·cp + c)·PANEL + lane; filters past the last and channels past {@code channels} zero.
     */
    private static void transformKernels(float[] weights, int wOff, int lda, boolean flipped, int filters, int channels, int cp,
                                         int panels, Buffers b, float[] u) {
        int ldm = panels * PANEL;
        float[] g = b.get(Buffers.G, channels * 25 * ldm), t = b.get(Buffers.T, SIDE * 5 * ldm);
        for (int f = 0; f < ldm; f++) { // filters along the vectors
            for (int r = 0; r < channels * 25; r++) { // r: channel, kernel row and column, as the window matrix's rows
                g[r * ldm + f] = f >= filters ? 0f
                        : flipped ? weights[wOff + r / 25 * lda + f * 25 + 24 - r % 25] : weights[wOff + f * lda + r];
            }
        }
        if (cp > channels) {
            Arrays.fill(u, 0f);
        }
        int xiStride = panels * cp * PANEL;
        for (int c = 0; c < channels; c++) {
            for (int j = 0; j < 5; j++) { // columns: t[k][j] = Σ_i G[k][i] g[i][j]
                for (int f = 0; f < ldm; f += LANES) {
                    g(g, (c * 25 + j) * ldm + f, 5 * ldm, t, j * ldm + f, 5 * ldm);
                }
            }
            for (int k = 0; k < SIDE; k++) { // rows: U[k][l] = Σ_j t[k][j] G[l][j]
                for (int f = 0; f < ldm; f += LANES) {
                    g(t, k * 5 * ldm + f, ldm, u, (k * SIDE * panels + f / PANEL) * cp * PANEL + c * PANEL + f % PANEL, xiStride);
                }
            }
        }
    }

    // The transforms, one vector at a time: Toom–Cook's at the points 0, ±1, ±2, ±½ and ∞, derived and checked in exact
    // arithmetic; G's and Bᵀ's first rows negated (their product is unchanged). They use only the operations the register
    // tiles use (fma, add, loads and stores): with others (mul, sub) C2 left some calls virtual in the CNN's run, boxing
    // their vectors (70 MB allocated a step).

    /** Bᵀ x for one vector of eight points {@code stride} apart, to eight {@code dStride} apart. */
    private static void bt(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), x5 = FloatVector.fromArray(SPECIES, s, s0 + 5 * stride);
        FloatVector x6 = FloatVector.fromArray(SPECIES, s, s0 + 6 * stride), x7 = FloatVector.fromArray(SPECIES, s, s0 + 7 * stride);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f), c21 = FloatVector.broadcast(SPECIES, 21f / 4);
        FloatVector m17 = FloatVector.broadcast(SPECIES, -17f / 4), m5h = FloatVector.broadcast(SPECIES, -5f / 2);
        FloatVector half = FloatVector.broadcast(SPECIES, 0.5f);
        x2.fma(m1, x4).fma(c21, x6.fma(m1, x0)).intoArray(d, d0);
        FloatVector e = x4.fma(m17, x2.add(x6)), o = x3.fma(m17, x1.add(x5));
        e.add(o).intoArray(d, d0 + dStride);
        o.fma(m1, e).intoArray(d, d0 + 2 * dStride);
        e = x2.fma(FloatVector.broadcast(SPECIES, 0.25f), x4.fma(FloatVector.broadcast(SPECIES, -5f / 4), x6));
        o = x1.fma(half, x3.fma(m5h, x5.add(x5)));
        e.add(o).intoArray(d, d0 + 3 * dStride);
        o.fma(m1, e).intoArray(d, d0 + 4 * dStride);
        e = x2.fma(FloatVector.broadcast(SPECIES, 4f), x4.fma(FloatVector.broadcast(SPECIES, -5f), x6));
        o = x5.fma(half, x3.fma(m5h, x1.add(x1)));
        e.add(o).intoArray(d, d0 + 5 * dStride);
        o.fma(m1, e).intoArray(d, d0 + 6 * dStride);
        x5.fma(m1, x3).fma(c21, x1.fma(m1, x7)).intoArray(d, d0 + 7 * dStride);
    }

    /** The first {@code n} of Aᵀ x for one vector of eight points {@code stride} apart, to four {@code dStride} apart. */
    private static void at(float[] s, int s0, int stride, float[] d, int d0, int dStride, int n) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), x5 = FloatVector.fromArray(SPECIES, s, s0 + 5 * stride);
        FloatVector x6 = FloatVector.fromArray(SPECIES, s, s0 + 6 * stride), x7 = FloatVector.fromArray(SPECIES, s, s0 + 7 * stride);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f);
        FloatVector s12 = x1.add(x2), d12 = x2.fma(m1, x1), s34 = x3.add(x4), d34 = x4.fma(m1, x3);
        FloatVector s56 = x5.add(x6), d56 = x6.fma(m1, x5);
        x0.add(s12).add(s34.add(s56)).intoArray(d, d0);
        if (n > 1) {
            d34.fma(FloatVector.broadcast(SPECIES, 2f), d56.fma(FloatVector.broadcast(SPECIES, 0.5f), d12)).intoArray(d, d0 + dStride);
        }
        if (n > 2) {
            s34.fma(FloatVector.broadcast(SPECIES, 4f), s56.fma(FloatVector.broadcast(SPECIES, 0.25f), s12)).intoArray(d, d0 + 2 * dStride);
        }
        if (n > 3) {
            d34.fma(FloatVector.broadcast(SPECIES, 8f), d56.fma(FloatVector.broadcast(SPECIES, 0.125f), d12.add(x7)))
                    .intoArray(d, d0 + 3 * dStride);
        }
    }

    /** A x = (Aᵀ)ᵀ x for one vector of four points {@code stride} apart, to eight {@code dStride} apart. */
    private static void a(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f), zero = FloatVector.zero(SPECIES);
        x0.intoArray(d, d0);
        FloatVector e = x0.add(x2), o = x1.add(x3);
        e.add(o).intoArray(d, d0 + dStride);
        o.fma(m1, e).intoArray(d, d0 + 2 * dStride);
        e = x2.fma(FloatVector.broadcast(SPECIES, 4f), x0);
        o = x3.fma(FloatVector.broadcast(SPECIES, 8f), x1.add(x1));
        e.add(o).intoArray(d, d0 + 3 * dStride);
        o.fma(m1, e).intoArray(d, d0 + 4 * dStride);
        e = x2.fma(FloatVector.broadcast(SPECIES, 0.25f), x0);
        o = x1.fma(FloatVector.broadcast(SPECIES, 0.5f), x3.fma(FloatVector.broadcast(SPECIES, 0.125f), zero));
        e.add(o).intoArray(d, d0 + 5 * dStride);
        o.fma(m1, e).intoArray(d, d0 + 6 * dStride);
        x3.intoArray(d, d0 + 7 * dStride);
    }

    /** G x for one vector of five kernel taps {@code stride} apart, to eight points {@code dStride} apart. */
    private static void g(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), zero = FloatVector.zero(SPECIES);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f), m29 = FloatVector.broadcast(SPECIES, -2f / 9);
        x0.intoArray(d, d0);
        FloatVector e = x0.add(x2).add(x4), o = x1.add(x3);
        e.add(o).fma(m29, zero).intoArray(d, d0 + dStride);
        o.fma(m1, e).fma(m29, zero).intoArray(d, d0 + 2 * dStride);
        e = x0.fma(FloatVector.broadcast(SPECIES, 1f / 90), x2.fma(FloatVector.broadcast(SPECIES, 2f / 45),
                x4.fma(FloatVector.broadcast(SPECIES, 8f / 45), zero)));
        o = x1.fma(FloatVector.broadcast(SPECIES, 1f / 45), x3.fma(FloatVector.broadcast(SPECIES, 4f / 45), zero));
        e.add(o).intoArray(d, d0 + 3 * dStride);
        o.fma(m1, e).intoArray(d, d0 + 4 * dStride);
        e = x0.fma(FloatVector.broadcast(SPECIES, 32f / 45), x2.fma(FloatVector.broadcast(SPECIES, 8f / 45),
                x4.fma(FloatVector.broadcast(SPECIES, 2f / 45), zero)));
        o = x1.fma(FloatVector.broadcast(SPECIES, 16f / 45), x3.fma(FloatVector.broadcast(SPECIES, 4f / 45), zero));
        e.add(o).intoArray(d, d0 + 5 * dStride);
        o.fma(m1, e).intoArray(d, d0 + 6 * dStride);
        x4.intoArray(d, d0 + 7 * dStride);
    }

    /** Gᵀ x for one vector of eight points {@code stride} apart, to five kernel taps {@code dStride} apart. */
    private static void gTransposed(float[] s, int s0, int stride, float[] d, int d0, int dStride) {
        FloatVector x0 = FloatVector.fromArray(SPECIES, s, s0), x1 = FloatVector.fromArray(SPECIES, s, s0 + stride);
        FloatVector x2 = FloatVector.fromArray(SPECIES, s, s0 + 2 * stride), x3 = FloatVector.fromArray(SPECIES, s, s0 + 3 * stride);
        FloatVector x4 = FloatVector.fromArray(SPECIES, s, s0 + 4 * stride), x5 = FloatVector.fromArray(SPECIES, s, s0 + 5 * stride);
        FloatVector x6 = FloatVector.fromArray(SPECIES, s, s0 + 6 * stride), x7 = FloatVector.fromArray(SPECIES, s, s0 + 7 * stride);
        FloatVector m1 = FloatVector.broadcast(SPECIES, -1f), m29 = FloatVector.broadcast(SPECIES, -2f / 9);
        FloatVector s12 = x1.add(x2), d12 = x2.fma(m1, x1), s34 = x3.add(x4), d34 = x4.fma(m1, x3);
        FloatVector s56 = x5.add(x6), d56 = x6.fma(m1, x5), zero = FloatVector.zero(SPECIES);
        s12.fma(m29, s34.fma(FloatVector.broadcast(SPECIES, 1f / 90), s56.fma(FloatVector.broadcast(SPECIES, 32f / 45), x0)))
                .intoArray(d, d0);
        d12.fma(m29, d34.fma(FloatVector.broadcast(SPECIES, 1f / 45), d56.fma(FloatVector.broadcast(SPECIES, 16f / 45), zero)))
                .intoArray(d, d0 + dStride);
        s12.fma(m29, s34.fma(FloatVector.broadcast(SPECIES, 2f / 45), s56.fma(FloatVector.broadcast(SPECIES, 8f / 45), zero)))
                .intoArray(d, d0 + 2 * dStride);
        d12.fma(m29, d34.fma(FloatVector.broadcast(SPECIES, 4f / 45), d56.fma(FloatVector.broadcast(SPECIES, 4f / 45), zero)))
                .intoArray(d, d0 + 3 * dStride);
        s12.fma(m29, s34.fma(FloatVector.broadcast(SPECIES, 8f / 45), s56.fma(FloatVector.broadcast(SPECIES, 2f / 45), x7)))
                .intoArray(d, d0 + 4 * dStride);
    }

    /** Tiles along a side of {@code outputs}, the last partial where the side is not a multiple of {@link #TILE}. */
    private static int tiles(int outputs) {
        return (outputs + TILE - 1) / TILE;
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
            return offsets = ParallelGemm.grown(offsets, size);
        }
    }
}
