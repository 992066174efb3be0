package dev.nnc.runtime.data;

/**
 * SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014): a 64-bit counter advanced by the golden-ratio gamma and passed through a mixing function.
 *
 * <p>nnc implements it here instead of using {@link java.util.SplittableRandom} because a seed must
 * give the same shuffles and initial weights on every JVM, and the JDK documents its generators'
 * algorithms but not the bounded methods ({@code nextInt(bound)}) built on them. The sequence of
 * {@link #nextLong()} is the published one (and that of {@code new SplittableRandom(seed)});
 * {@link #nextInt(int)} is specified below. Not thread-safe; not for cryptography.
 */
public final class SplitMix64 {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 pseudo-random bits. */
    public long nextLong() {
        return mix64(state += GOLDEN_GAMMA);
    }

    /**
     * A uniform int in {@code [0, bound)}: the top 31 bits of {@link #nextLong()}, rejected and
     * redrawn when they fall in the incomplete last block of {@code bound} values, so every result
     * is exactly equally likely.
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        while (true) {
            int bits = (int) (nextLong() >>> 33);
            int value = bits % bound;
            if (bits - value + (bound - 1) >= 0) { // no int overflow: bits lies in a complete block
                return value;
            }
        }
    }

    /** A uniform float in {@code [0, 1)} with 24 random bits. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1p-24f;
    }

    /** The SplitMix64 finaliser (Stafford's variant 13): a bijection that spreads every input bit. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
