package dev.nnc.runtime.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles: 4 rows × 3 vectors of C held in 12 accumulators while k runs, each step
 * broadcasting 4 elements of a packed A strip and loading 3 vectors of a packed B panel (12 FMAs
 * for 3 loads + 4 broadcasts). That needs 12 + 3 + 1 = 16 vector registers, which AVX-512 has twice
 * over; AVX2 has exactly 16, and C2 then spills (measured on a Zen 3: 37 GFLOP/s for 4 × 3 against
 * 78 for 4 × 2). So the tile is 3 vectors wide for vectors of 16 lanes or more and 2 below
 * ({@link #NV}); the narrow last panel of B takes the 2- and 1-vector tiles.
 *
 * <p>Each tile indexes its operands as {@code start + p * width} with a constant width rather than
 * stepping pointers by a variable stride: C2 can then prove the vector loads in bounds once per loop
 * instead of checking every one.
 *
 * <p>The accumulators are locals, not an array: C2 keeps locals in registers, and the Vector API
 * only avoids allocating vector objects when it can see every use (which is also why
 * {@link #store} has two separate paths instead of a conditionally reassigned vector).
 */
final class VectorKernels {

    /** The kernels' vectors: one width for all of them, as JDK 17 compiles code that mixes shapes far slower. */
    static final VectorSpecies<Float> SPECIES = VectorSpecies.of(float.class, VectorShape.forBitSize(VectorWidth.bits(
            FloatVector.SPECIES_PREFERRED.vectorBitSize(), System.getProperty(VectorWidth.PROPERTY), VectorWidth.cpuInfo())));
    static final int LANES = SPECIES.length();
    /**
     * Vector registers: 32 where the CPU has AVX-512 (whatever width the kernels use), else 16 (AVX2). A tile's
     * accumulators, its vectors of B and the broadcast must fit, or C2 spills them inside the loop.
     */
    static final int REGISTERS = FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? 32 : 16;
    /** Rows of the register tile. */
    static final int MR = 4;
    /** Vectors across the register tile: 3 with 32 vector registers (AVX-512), 2 with 16 (AVX2). */
    static final int NV = LANES >= 16 ? 3 : 2;
    /** Columns of the register tile. */
    static final int NR = NV * LANES;
    /**
     * Widths of the 2- and 3-vector panels. A tile indexes B as {@code bi + p * W2}, never {@code bi + p * 2 * l}:
     * C2 folds neither product into one scale ({@code (p << 1) << 3}), and its range-check elimination, which
     * matches only one scaled index, then checks every vector load in the loop (measured: 34–37 GFLOP/s for a
     * 4 × 2 tile in L1 against 46–52 with one scale, alternating in one JVM).
     */
    static final int W2 = 2 * LANES, W3 = 3 * LANES;

    private VectorKernels() {}

    /**
     * C[4 × 3 vectors] at {@code ci} (+)= A strip · B panel over {@code kc} steps; the A strip is 4
     * wide and the B panel 3 vectors wide, as {@link Packing} lays them out.
     */
    static void tile4x3(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR, bp = bi + p * W3;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * l);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            x = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            x = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            x = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
        }
        if (add) {
            FloatVector.fromArray(SPECIES, c, ci).add(c00).intoArray(c, ci);
            FloatVector.fromArray(SPECIES, c, ci + l).add(c01).intoArray(c, ci + l);
            FloatVector.fromArray(SPECIES, c, ci + 2 * l).add(c02).intoArray(c, ci + 2 * l);
            ci += ldc;
            FloatVector.fromArray(SPECIES, c, ci).add(c10).intoArray(c, ci);
            FloatVector.fromArray(SPECIES, c, ci + l).add(c11).intoArray(c, ci + l);
            FloatVector.fromArray(SPECIES, c, ci + 2 * l).add(c12).intoArray(c, ci + 2 * l);
            ci += ldc;
            FloatVector.fromArray(SPECIES, c, ci).add(c20).intoArray(c, ci);
            FloatVector.fromArray(SPECIES, c, ci + l).add(c21).intoArray(c, ci + l);
            FloatVector.fromArray(SPECIES, c, ci + 2 * l).add(c22).intoArray(c, ci + 2 * l);
            ci += ldc;
            FloatVector.fromArray(SPECIES, c, ci).add(c30).intoArray(c, ci);
            FloatVector.fromArray(SPECIES, c, ci + l).add(c31).intoArray(c, ci + l);
            FloatVector.fromArray(SPECIES, c, ci + 2 * l).add(c32).intoArray(c, ci + 2 * l);
        } else {
            c00.intoArray(c, ci);
            c01.intoArray(c, ci + l);
            c02.intoArray(c, ci + 2 * l);
            ci += ldc;
            c10.intoArray(c, ci);
            c11.intoArray(c, ci + l);
            c12.intoArray(c, ci + 2 * l);
            ci += ldc;
            c20.intoArray(c, ci);
            c21.intoArray(c, ci + l);
            c22.intoArray(c, ci + 2 * l);
            ci += ldc;
            c30.intoArray(c, ci);
            c31.intoArray(c, ci + l);
            c32.intoArray(c, ci + 2 * l);
        }
    }

    /**
     * C[4 × 4 vectors] at {@code ci} = A strip · a B panel four vectors wide ({@link #W4}): 16 accumulators, for
     * machines with 32 vector registers; stores written out, as {@link #tile4x4Positions} explains.
     */
    static void tile4x4(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR, bp = bi + p * W4;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * l);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * l);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + l);
        c02.intoArray(c, ci + 2 * l);
        c03.intoArray(c, ci + 3 * l);
        ci += ldc;
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + l);
        c12.intoArray(c, ci + 2 * l);
        c13.intoArray(c, ci + 3 * l);
        ci += ldc;
        c20.intoArray(c, ci);
        c21.intoArray(c, ci + l);
        c22.intoArray(c, ci + 2 * l);
        c23.intoArray(c, ci + 3 * l);
        ci += ldc;
        c30.intoArray(c, ci);
        c31.intoArray(c, ci + l);
        c32.intoArray(c, ci + 2 * l);
        c33.intoArray(c, ci + 3 * l);
    }

    /**
     * C[4 × 4 vectors] at {@code ci} = A strip · four vectors of B's row p read where it lies, from
     * {@code bi + rows[ri + p]} (a convolution's window row p along an output row, in the padded example): a panel never
     * packed. For machines with 32 vector registers.
     */
    static void tile4x4Rows(int kc, float[] a, int ai, int[] rows, int ri, float[] b, int bi, float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR, bp = bi + rows[ri + p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * l);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * l);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + l);
        c02.intoArray(c, ci + 2 * l);
        c03.intoArray(c, ci + 3 * l);
        ci += ldc;
        c10.intoArray(c, ci);
        c11.intoArray(c, ci + l);
        c12.intoArray(c, ci + 2 * l);
        c13.intoArray(c, ci + 3 * l);
        ci += ldc;
        c20.intoArray(c, ci);
        c21.intoArray(c, ci + l);
        c22.intoArray(c, ci + 2 * l);
        c23.intoArray(c, ci + 3 * l);
        ci += ldc;
        c30.intoArray(c, ci);
        c31.intoArray(c, ci + l);
        c32.intoArray(c, ci + 2 * l);
        c33.intoArray(c, ci + 3 * l);
    }

    /** {@link #tile4x4Rows} two vectors wide, for machines with 16 vector registers. */
    static void tile4x2Rows(int kc, float[] a, int ai, int[] rows, int ri, float[] b, int bi, float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR, bp = bi + rows[ri + p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + l);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + l);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + l);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + l);
    }

    /**
     * C[4 × 2 vectors] at {@code ci} (+)= A strip · a B panel two vectors wide (the full panel with AVX2,
     * the narrow last one with AVX-512).
     */
    static void tile4x2(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
        final int l = LANES;
        int o0 = ci, o1 = ci + ldc, o2 = ci + 2 * ldc, o3 = ci + 3 * ldc;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR, bp = bi + p * W2;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        if (add) {
            FloatVector.fromArray(SPECIES, c, o0).add(c00).intoArray(c, o0);
            FloatVector.fromArray(SPECIES, c, o0 + l).add(c01).intoArray(c, o0 + l);
            FloatVector.fromArray(SPECIES, c, o1).add(c10).intoArray(c, o1);
            FloatVector.fromArray(SPECIES, c, o1 + l).add(c11).intoArray(c, o1 + l);
            FloatVector.fromArray(SPECIES, c, o2).add(c20).intoArray(c, o2);
            FloatVector.fromArray(SPECIES, c, o2 + l).add(c21).intoArray(c, o2 + l);
            FloatVector.fromArray(SPECIES, c, o3).add(c30).intoArray(c, o3);
            FloatVector.fromArray(SPECIES, c, o3 + l).add(c31).intoArray(c, o3 + l);
        } else {
            c00.intoArray(c, o0);
            c01.intoArray(c, o0 + l);
            c10.intoArray(c, o1);
            c11.intoArray(c, o1 + l);
            c20.intoArray(c, o2);
            c21.intoArray(c, o2 + l);
            c30.intoArray(c, o3);
            c31.intoArray(c, o3 + l);
        }
    }

    /**
     * C[4 × 2 vectors] at {@code ci} += Σ_p (four rows of A, read at {@code o0 + p} … {@code o3 + p}) · (B's row p, two
     * vectors from {@code bi + p·W2}) over p in [0, kc): a tile whose A strip is not packed but read where it lies, as a
     * weight gradient reads the windows from the padded input ({@code VectorGemm.weightGradientFromInput}) and a dense
     * layer's forward product its weights ({@code VectorGemm.fewRows}).
     */
    static void tile4x2Unpacked(int kc, float[] a, int o0, int o1, int o2, int o3, float[] b, int bi, float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * W2;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector x = FloatVector.broadcast(SPECIES, a[o0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, a[o1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, a[o2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, a[o3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        FloatVector.fromArray(SPECIES, c, ci).add(c00).intoArray(c, ci);
        FloatVector.fromArray(SPECIES, c, ci + l).add(c01).intoArray(c, ci + l);
        FloatVector.fromArray(SPECIES, c, ci + ldc).add(c10).intoArray(c, ci + ldc);
        FloatVector.fromArray(SPECIES, c, ci + ldc + l).add(c11).intoArray(c, ci + ldc + l);
        FloatVector.fromArray(SPECIES, c, ci + 2 * ldc).add(c20).intoArray(c, ci + 2 * ldc);
        FloatVector.fromArray(SPECIES, c, ci + 2 * ldc + l).add(c21).intoArray(c, ci + 2 * ldc + l);
        FloatVector.fromArray(SPECIES, c, ci + 3 * ldc).add(c30).intoArray(c, ci + 3 * ldc);
        FloatVector.fromArray(SPECIES, c, ci + 3 * ldc + l).add(c31).intoArray(c, ci + 3 * ldc + l);
    }

    /**
     * C[4 × 2 vectors] at {@code ci} += Σ_p (four rows of A, read at {@code o0 + offsets[oi + p]} …
     * {@code o3 + offsets[oi + p]}) · (B's row p, two vectors from {@code bi + p·W2}) over p in [0, kc): a convolution's
     * windows read where they lie in the padded example, {@code o} one offset table (output positions, or window rows)
     * and {@code offsets} the other. The table costs a load and four bounds checks a step, which unpacked windows avoid.
     */
    static void tile4x2Positions(int kc, int[] offsets, int oi, float[] a, int o0, int o1, int o2, int o3, float[] b, int bi,
                                 float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00;
        FloatVector c10 = c00, c11 = c00;
        FloatVector c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00;
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * W2, ax = offsets[oi + p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector v = FloatVector.broadcast(SPECIES, a[o0 + ax]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            v = FloatVector.broadcast(SPECIES, a[o1 + ax]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            v = FloatVector.broadcast(SPECIES, a[o2 + ax]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            v = FloatVector.broadcast(SPECIES, a[o3 + ax]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
        }
        FloatVector.fromArray(SPECIES, c, ci).add(c00).intoArray(c, ci);
        FloatVector.fromArray(SPECIES, c, ci + l).add(c01).intoArray(c, ci + l);
        FloatVector.fromArray(SPECIES, c, ci + ldc).add(c10).intoArray(c, ci + ldc);
        FloatVector.fromArray(SPECIES, c, ci + ldc + l).add(c11).intoArray(c, ci + ldc + l);
        FloatVector.fromArray(SPECIES, c, ci + 2 * ldc).add(c20).intoArray(c, ci + 2 * ldc);
        FloatVector.fromArray(SPECIES, c, ci + 2 * ldc + l).add(c21).intoArray(c, ci + 2 * ldc + l);
        FloatVector.fromArray(SPECIES, c, ci + 3 * ldc).add(c30).intoArray(c, ci + 3 * ldc);
        FloatVector.fromArray(SPECIES, c, ci + 3 * ldc + l).add(c31).intoArray(c, ci + 3 * ldc + l);
    }

    /** Width of {@link #tile4x4Positions}'s panels: four vectors. */
    static final int W4 = 4 * LANES;

    /**
     * {@link #tile4x2Positions} four vectors wide: 16 accumulators, for machines with 32 vector registers. The sums
     * are added to C here, not through {@link #store}: this method is past C2's inlining budget by then, and a store
     * left as a call boxes its vector (tiles at 50–60 GFLOP/s instead of 96–116 on a Zen 4, in some JVM runs only).
     */
    static void tile4x4Positions(int kc, int[] offsets, int oi, float[] a, int o0, int o1, int o2, int o3, float[] b, int bi,
                                 float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * W4, ax = offsets[oi + p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * l);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * l);
            FloatVector v = FloatVector.broadcast(SPECIES, a[o0 + ax]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(SPECIES, a[o1 + ax]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(SPECIES, a[o2 + ax]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(SPECIES, a[o3 + ax]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        c00.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c02.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
        c03.add(FloatVector.fromArray(SPECIES, c, ci + 3 * l)).intoArray(c, ci + 3 * l);
        ci += ldc;
        c10.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c11.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c12.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
        c13.add(FloatVector.fromArray(SPECIES, c, ci + 3 * l)).intoArray(c, ci + 3 * l);
        ci += ldc;
        c20.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c21.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c22.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
        c23.add(FloatVector.fromArray(SPECIES, c, ci + 3 * l)).intoArray(c, ci + 3 * l);
        ci += ldc;
        c30.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c31.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c32.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
        c33.add(FloatVector.fromArray(SPECIES, c, ci + 3 * l)).intoArray(c, ci + 3 * l);
    }

    /**
     * {@link #tile4x2Unpacked} four vectors wide, for machines with 32 vector registers, its sums stored rather than
     * added (Winograd's forward, whose depth is one block).
     */
    static void tile4x4Unpacked(int kc, float[] a, int o0, int o1, int o2, int o3, float[] b, int bi,
                                float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++) {
            int bp = bi + p * W4;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * l);
            FloatVector b3 = FloatVector.fromArray(SPECIES, b, bp + 3 * l);
            FloatVector v = FloatVector.broadcast(SPECIES, a[o0 + p]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(SPECIES, a[o1 + p]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(SPECIES, a[o2 + p]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(SPECIES, a[o3 + p]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + l);
        c02.intoArray(c, ci + 2 * l);
        c03.intoArray(c, ci + 3 * l);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + l);
        c12.intoArray(c, ci + ldc + 2 * l);
        c13.intoArray(c, ci + ldc + 3 * l);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + l);
        c22.intoArray(c, ci + 2 * ldc + 2 * l);
        c23.intoArray(c, ci + 2 * ldc + 3 * l);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + l);
        c32.intoArray(c, ci + 3 * ldc + 2 * l);
        c33.intoArray(c, ci + 3 * ldc + 3 * l);
    }

    /**
     * {@link #tile4x4Positions} three vectors wide: such a last panel (CNN fc1's input gradient 114–124 → 120–129
     * GFLOP/s). Its loop runs over the offset table's indices and B's index steps by a panel row rather than being
     * computed from p: computed, C2 left its bounds checks in the loop and moved the arrays' addresses through vector
     * registers (72–83 → 96 GFLOP/s on one core; 4 × 4: 107).
     */
    static void tile4x3Positions(int kc, int[] offsets, int oi, float[] a, int o0, int o1, int o2, int o3, float[] b, int bi,
                                 float[] c, int ci, int ldc) {
        final int l = LANES;
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        for (int p = oi, bp = bi, end = oi + kc; p < end; p++, bp += W3) {
            int ax = offsets[p];
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + l);
            FloatVector b2 = FloatVector.fromArray(SPECIES, b, bp + 2 * l);
            FloatVector v = FloatVector.broadcast(SPECIES, a[o0 + ax]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            v = FloatVector.broadcast(SPECIES, a[o1 + ax]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            v = FloatVector.broadcast(SPECIES, a[o2 + ax]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            v = FloatVector.broadcast(SPECIES, a[o3 + ax]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
        }
        c00.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c01.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c02.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
        ci += ldc;
        c10.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c11.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c12.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
        ci += ldc;
        c20.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c21.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c22.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
        ci += ldc;
        c30.add(FloatVector.fromArray(SPECIES, c, ci)).intoArray(c, ci);
        c31.add(FloatVector.fromArray(SPECIES, c, ci + l)).intoArray(c, ci + l);
        c32.add(FloatVector.fromArray(SPECIES, c, ci + 2 * l)).intoArray(c, ci + 2 * l);
    }

    /**
     * C[4 × 1 vector] at {@code ci} (+)= A strip · a B panel one vector wide: the narrow last panel.
     */
    static void tile4x1(int kc, float[] a, int ai, float[] b, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector c0 = FloatVector.zero(SPECIES), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < kc; p++) {
            int ap = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi + p * LANES);
            c0 = FloatVector.broadcast(SPECIES, a[ap]).fma(b0, c0);
            c1 = FloatVector.broadcast(SPECIES, a[ap + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(SPECIES, a[ap + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(SPECIES, a[ap + 3]).fma(b0, c3);
        }
        if (add) {
            FloatVector.fromArray(SPECIES, c, ci).add(c0).intoArray(c, ci);
            FloatVector.fromArray(SPECIES, c, ci + ldc).add(c1).intoArray(c, ci + ldc);
            FloatVector.fromArray(SPECIES, c, ci + 2 * ldc).add(c2).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(SPECIES, c, ci + 3 * ldc).add(c3).intoArray(c, ci + 3 * ldc);
        } else {
            c0.intoArray(c, ci);
            c1.intoArray(c, ci + ldc);
            c2.intoArray(c, ci + 2 * ldc);
            c3.intoArray(c, ci + 3 * ldc);
        }
    }

    /** c[ci, ci + cols) (+)= t[ti, ti + cols): one row of a tile, computed elsewhere, merged into C. */
    static void merge(int cols, float[] t, int ti, float[] c, int ci, boolean add) {
        int v = 0;
        for (; v + LANES <= cols; v += LANES) { // not System.arraycopy: a call costs more than a row this short
            FloatVector x = FloatVector.fromArray(SPECIES, t, ti + v);
            if (add) {
                x.add(FloatVector.fromArray(SPECIES, c, ci + v)).intoArray(c, ci + v);
            } else {
                x.intoArray(c, ci + v);
            }
        }
        for (; v < cols; v++) {
            c[ci + v] = add ? c[ci + v] + t[ti + v] : t[ti + v];
        }
    }

    /**
     * C[rows × cols] at {@code ci} (+)= four rows of A (at {@code a0} … {@code a3}) times four rows of B (at {@code b0} …
     * {@code b3}) transposed, every row contiguous in k: sixteen dot products, each eight partial sums along k added up
     * at the end. Nothing is packed: both operands are read where they lie. A last tile of fewer rows or columns repeats
     * one of them and stores only the first {@code rows} × {@code cols}. 16 accumulators, four vectors of A and one of
     * B: 32 registers.
     */
    static void dot4x4(int k, float[] a, int a0, int a1, int a2, int a3, float[] b, int b0, int b1, int b2, int b3,
                       float[] c, int ci, int ldc, int rows, int cols, boolean add) {
        FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int kv = k / LANES * LANES;
        for (int p = 0; p < kv; p += LANES) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, a0 + p), x1 = FloatVector.fromArray(SPECIES, a, a1 + p);
            FloatVector x2 = FloatVector.fromArray(SPECIES, a, a2 + p), x3 = FloatVector.fromArray(SPECIES, a, a3 + p);
            FloatVector y = FloatVector.fromArray(SPECIES, b, b0 + p);
            s00 = x0.fma(y, s00);
            s10 = x1.fma(y, s10);
            s20 = x2.fma(y, s20);
            s30 = x3.fma(y, s30);
            y = FloatVector.fromArray(SPECIES, b, b1 + p);
            s01 = x0.fma(y, s01);
            s11 = x1.fma(y, s11);
            s21 = x2.fma(y, s21);
            s31 = x3.fma(y, s31);
            y = FloatVector.fromArray(SPECIES, b, b2 + p);
            s02 = x0.fma(y, s02);
            s12 = x1.fma(y, s12);
            s22 = x2.fma(y, s22);
            s32 = x3.fma(y, s32);
            y = FloatVector.fromArray(SPECIES, b, b3 + p);
            s03 = x0.fma(y, s03);
            s13 = x1.fma(y, s13);
            s23 = x2.fma(y, s23);
            s33 = x3.fma(y, s33);
        }
        dotRow(k, kv, a, a0, b, b0, b1, b2, b3, s00.reduceLanes(VectorOperators.ADD), s01.reduceLanes(VectorOperators.ADD),
                    s02.reduceLanes(VectorOperators.ADD), s03.reduceLanes(VectorOperators.ADD), c, ci, cols, add);
        if (rows > 1) {
            dotRow(k, kv, a, a1, b, b0, b1, b2, b3, s10.reduceLanes(VectorOperators.ADD), s11.reduceLanes(VectorOperators.ADD),
                    s12.reduceLanes(VectorOperators.ADD), s13.reduceLanes(VectorOperators.ADD), c, ci + ldc, cols, add);
        }
        if (rows > 2) {
            dotRow(k, kv, a, a2, b, b0, b1, b2, b3, s20.reduceLanes(VectorOperators.ADD), s21.reduceLanes(VectorOperators.ADD),
                    s22.reduceLanes(VectorOperators.ADD), s23.reduceLanes(VectorOperators.ADD), c, ci + 2 * ldc, cols, add);
        }
        if (rows > 3) {
            dotRow(k, kv, a, a3, b, b0, b1, b2, b3, s30.reduceLanes(VectorOperators.ADD), s31.reduceLanes(VectorOperators.ADD),
                    s32.reduceLanes(VectorOperators.ADD), s33.reduceLanes(VectorOperators.ADD), c, ci + 3 * ldc, cols, add);
        }
    }

    /**
     * One row of {@link #dot4x4}'s C: the sums of its vectors' lanes, plus the products past the last whole vector. It
     * takes the sums, not the vectors: a vector passed to a method the JIT did not inline is boxed on every call (seen at
     * 512 bits, where this method's own compiled code grew too large to inline: 97 KB a CNN step, NOTES.md item 54).
     */
    private static void dotRow(int k, int kv, float[] a, int ai, float[] b, int b0, int b1, int b2, int b3, float t0,
                               float t1, float t2, float t3, float[] c, int ci, int cols, boolean add) {
        for (int p = kv; p < k; p++) {
            float x = a[ai + p];
            t0 += x * b[b0 + p];
            t1 += x * b[b1 + p];
            t2 += x * b[b2 + p];
            t3 += x * b[b3 + p];
        }
        c[ci] = add ? c[ci] + t0 : t0;
        if (cols > 1) {
            c[ci + 1] = add ? c[ci + 1] + t1 : t1;
        }
        if (cols > 2) {
            c[ci + 2] = add ? c[ci + 2] + t2 : t2;
        }
        if (cols > 3) {
            c[ci + 3] = add ? c[ci + 3] + t3 : t3;
        }
    }

    /**
     * c[ci + j] (+)= Σ_t values[vt + t] · b[offsets[vt + t] + j] for j in [0, n): a row of a product from its nonzeros
     * ({@link VectorGemm#SPARSE_EIGHTHS}), each sum over t in order, one multiply-add at a time, as the tiles' sums run
     * over k. Eight vectors at a time (eight chains of multiply-adds in flight), then one, then single floats. The sums
     * are stored here, under {@code if (add)}: a vector handed to another method is boxed where C2 does not inline it.
     */
    static void sparseRow(int count, float[] values, int[] offsets, int vt, float[] b, int n, float[] c, int ci, boolean add) {
        final int l = LANES;
        int j = 0;
        for (; j + 8 * l <= n; j += 8 * l) {
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int t = vt; t < vt + count; t++) {
                FloatVector v = FloatVector.broadcast(SPECIES, values[t]);
                int bj = offsets[t] + j;
                s0 = v.fma(FloatVector.fromArray(SPECIES, b, bj), s0);
                s1 = v.fma(FloatVector.fromArray(SPECIES, b, bj + l), s1);
                s2 = v.fma(FloatVector.fromArray(SPECIES, b, bj + 2 * l), s2);
                s3 = v.fma(FloatVector.fromArray(SPECIES, b, bj + 3 * l), s3);
                s4 = v.fma(FloatVector.fromArray(SPECIES, b, bj + 4 * l), s4);
                s5 = v.fma(FloatVector.fromArray(SPECIES, b, bj + 5 * l), s5);
                s6 = v.fma(FloatVector.fromArray(SPECIES, b, bj + 6 * l), s6);
                s7 = v.fma(FloatVector.fromArray(SPECIES, b, bj + 7 * l), s7);
            }
            int cj = ci + j;
            if (add) {
                s0.add(FloatVector.fromArray(SPECIES, c, cj)).intoArray(c, cj);
                s1.add(FloatVector.fromArray(SPECIES, c, cj + l)).intoArray(c, cj + l);
                s2.add(FloatVector.fromArray(SPECIES, c, cj + 2 * l)).intoArray(c, cj + 2 * l);
                s3.add(FloatVector.fromArray(SPECIES, c, cj + 3 * l)).intoArray(c, cj + 3 * l);
                s4.add(FloatVector.fromArray(SPECIES, c, cj + 4 * l)).intoArray(c, cj + 4 * l);
                s5.add(FloatVector.fromArray(SPECIES, c, cj + 5 * l)).intoArray(c, cj + 5 * l);
                s6.add(FloatVector.fromArray(SPECIES, c, cj + 6 * l)).intoArray(c, cj + 6 * l);
                s7.add(FloatVector.fromArray(SPECIES, c, cj + 7 * l)).intoArray(c, cj + 7 * l);
            } else {
                s0.intoArray(c, cj);
                s1.intoArray(c, cj + l);
                s2.intoArray(c, cj + 2 * l);
                s3.intoArray(c, cj + 3 * l);
                s4.intoArray(c, cj + 4 * l);
                s5.intoArray(c, cj + 5 * l);
                s6.intoArray(c, cj + 6 * l);
                s7.intoArray(c, cj + 7 * l);
            }
        }
        for (; j + l <= n; j += l) {
            FloatVector s = FloatVector.zero(SPECIES);
            for (int t = vt; t < vt + count; t++) {
                s = FloatVector.broadcast(SPECIES, values[t]).fma(FloatVector.fromArray(SPECIES, b, offsets[t] + j), s);
            }
            if (add) {
                s.add(FloatVector.fromArray(SPECIES, c, ci + j)).intoArray(c, ci + j);
            } else {
                s.intoArray(c, ci + j);
            }
        }
        for (; j < n; j++) {
            float s = 0f;
            for (int t = vt; t < vt + count; t++) {
                s = Math.fma(values[t], b[offsets[t] + j], s);
            }
            c[ci + j] = add ? c[ci + j] + s : s;
        }
    }

    /** Σ_p a[ai + p] · b[bi + p] over p in [0, k): both contiguous. */
    static float dot(int k, float[] a, int ai, float[] b, int bi) {
        FloatVector acc0 = FloatVector.zero(SPECIES), acc1 = acc0;
        int p = 0;
        for (; p + 2 * LANES <= k; p += 2 * LANES) {
            acc0 = FloatVector.fromArray(SPECIES, a, ai + p).fma(FloatVector.fromArray(SPECIES, b, bi + p), acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, ai + p + LANES).fma(FloatVector.fromArray(SPECIES, b, bi + p + LANES), acc1);
        }
        float s = acc0.add(acc1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; p < k; p++) {
            s += a[ai + p] * b[bi + p];
        }
        return s;
    }

    /** c[ci + j] += x · b[bi + j] over j in [0, n). */
    static void axpy(int n, float x, float[] b, int bi, float[] c, int ci) {
        FloatVector xv = FloatVector.broadcast(SPECIES, x);
        int j = 0;
        for (; j + LANES <= n; j += LANES) {
            FloatVector.fromArray(SPECIES, b, bi + j).fma(xv, FloatVector.fromArray(SPECIES, c, ci + j)).intoArray(c, ci + j);
        }
        for (; j < n; j++) {
            c[ci + j] += x * b[bi + j];
        }
    }

    /**
     * Five kernel rows of one filter's sums in {@link Gemm#ntWindowsPooled}: for each value j in [j0, j1) the pooling sent,
     * the window elements {@code p[o_r + positionOffset[argmax[j] − base]]} and the LANES − 1 after them times g[j], added
     * to row r's vector at {@code acc[ai + r·LANES]}: a kernel row of at most LANES taps, the lanes past it summing
     * values never read. Even and odd values go to separate accumulators, so that a multiply-add need not wait for the one
     * before it (4 cycles of latency against 2 a cycle): 10 % faster.
     */
    static void pooledRows5(float[] g, int[] argmax, int j0, int j1, int base, int[] positionOffset, float[] p, int o0, int o1,
                            int o2, int o3, int o4, float[] acc, int ai) {
        FloatVector a0 = FloatVector.fromArray(SPECIES, acc, ai), a1 = FloatVector.fromArray(SPECIES, acc, ai + LANES);
        FloatVector a2 = FloatVector.fromArray(SPECIES, acc, ai + 2 * LANES), a3 = FloatVector.fromArray(SPECIES, acc, ai + 3 * LANES);
        FloatVector a4 = FloatVector.fromArray(SPECIES, acc, ai + 4 * LANES);
        FloatVector b0 = FloatVector.zero(SPECIES), b1 = b0, b2 = b0, b3 = b0, b4 = b0;
        int j = j0;
        for (; j + 1 < j1; j += 2) {
            int x = positionOffset[argmax[j] - base], y = positionOffset[argmax[j + 1] - base];
            FloatVector u = FloatVector.broadcast(SPECIES, g[j]), v = FloatVector.broadcast(SPECIES, g[j + 1]);
            a0 = u.fma(FloatVector.fromArray(SPECIES, p, o0 + x), a0);
            a1 = u.fma(FloatVector.fromArray(SPECIES, p, o1 + x), a1);
            a2 = u.fma(FloatVector.fromArray(SPECIES, p, o2 + x), a2);
            a3 = u.fma(FloatVector.fromArray(SPECIES, p, o3 + x), a3);
            a4 = u.fma(FloatVector.fromArray(SPECIES, p, o4 + x), a4);
            b0 = v.fma(FloatVector.fromArray(SPECIES, p, o0 + y), b0);
            b1 = v.fma(FloatVector.fromArray(SPECIES, p, o1 + y), b1);
            b2 = v.fma(FloatVector.fromArray(SPECIES, p, o2 + y), b2);
            b3 = v.fma(FloatVector.fromArray(SPECIES, p, o3 + y), b3);
            b4 = v.fma(FloatVector.fromArray(SPECIES, p, o4 + y), b4);
        }
        if (j < j1) {
            int x = positionOffset[argmax[j] - base];
            FloatVector u = FloatVector.broadcast(SPECIES, g[j]);
            a0 = u.fma(FloatVector.fromArray(SPECIES, p, o0 + x), a0);
            a1 = u.fma(FloatVector.fromArray(SPECIES, p, o1 + x), a1);
            a2 = u.fma(FloatVector.fromArray(SPECIES, p, o2 + x), a2);
            a3 = u.fma(FloatVector.fromArray(SPECIES, p, o3 + x), a3);
            a4 = u.fma(FloatVector.fromArray(SPECIES, p, o4 + x), a4);
        }
        a0.add(b0).intoArray(acc, ai);
        a1.add(b1).intoArray(acc, ai + LANES);
        a2.add(b2).intoArray(acc, ai + 2 * LANES);
        a3.add(b3).intoArray(acc, ai + 3 * LANES);
        a4.add(b4).intoArray(acc, ai + 4 * LANES);
    }

    /** a[from]² + … + a[to − 1]², four vectors of partial sums: an L2 term's block ({@link Sums#BLOCK}). */
    static float sumOfSquares(float[] a, int from, int to) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        int i = from;
        for (; i + 4 * LANES <= to; i += 4 * LANES) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, i), x1 = FloatVector.fromArray(SPECIES, a, i + LANES);
            FloatVector x2 = FloatVector.fromArray(SPECIES, a, i + 2 * LANES), x3 = FloatVector.fromArray(SPECIES, a, i + 3 * LANES);
            s0 = x0.fma(x0, s0);
            s1 = x1.fma(x1, s1);
            s2 = x2.fma(x2, s2);
            s3 = x3.fma(x3, s3);
        }
        float s = s0.add(s1).add(s2.add(s3)).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        for (; i < to; i++) {
            s += a[i] * a[i];
        }
        return s;
    }
}
