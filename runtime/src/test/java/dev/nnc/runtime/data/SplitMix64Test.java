package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SplitMix64Test {

    @Test
    void publishedSequenceForSeedZero() {
        SplitMix64 r = new SplitMix64(0);
        assertEquals(0xE220A8397B1DCDAFL, r.nextLong());
        assertEquals(0x6E789E6AA1B965F4L, r.nextLong());
        assertEquals(0x06C45D188009454FL, r.nextLong());
    }

    @Test
    void publishedSequenceForSeed1234567() {
        // the values of the Rosetta Code "Pseudo-random numbers/Splitmix64" task, as unsigned 64-bit
        SplitMix64 r = new SplitMix64(1234567);
        assertEquals("6457827717110365317", Long.toUnsignedString(r.nextLong()));
        assertEquals("3203168211198807973", Long.toUnsignedString(r.nextLong()));
        assertEquals("9817491932198370423", Long.toUnsignedString(r.nextLong()));
        assertEquals("4593380528125082431", Long.toUnsignedString(r.nextLong()));
        assertEquals("16408922859458223821", Long.toUnsignedString(r.nextLong()));
    }

    @Test
    void agreesWithTheJdkImplementationOfTheSameAlgorithm() {
        for (long seed : new long[] {-1, 42, Long.MIN_VALUE}) {
            SplitMix64 ours = new SplitMix64(seed);
            SplittableRandom jdk = new SplittableRandom(seed);
            for (int i = 0; i < 1000; i++) {
                assertEquals(jdk.nextLong(), ours.nextLong());
            }
        }
    }

    @Test
    void nextIntIsTheTop31BitsModuloBoundWhenNothingIsRejected() {
        // for a power of two every 31-bit value lies in a complete block, so no draw is rejected
        SplitMix64 ints = new SplitMix64(7);
        SplitMix64 longs = new SplitMix64(7);
        for (int i = 0; i < 1000; i++) {
            assertEquals((int) (longs.nextLong() >>> 33) % 64, ints.nextInt(64));
        }
    }

    @Test
    void nextIntIsUniform() {
        int bound = 7;
        int draws = 70_000;
        int[] counts = new int[bound];
        SplitMix64 r = new SplitMix64(2024);
        for (int i = 0; i < draws; i++) {
            counts[r.nextInt(bound)]++;
        }
        double expected = (double) draws / bound;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 22.46, "chi-square " + chi2 + " over the 0.001 critical value for 6 degrees of freedom");
    }

    @Test
    void nextIntNearIntMaxStaysInRange() {
        SplitMix64 r = new SplitMix64(3);
        int bound = (1 << 30) + 1; // about half of all 31-bit values fall in the incomplete block
        for (int i = 0; i < 1000; i++) {
            int v = r.nextInt(bound);
            assertTrue(v >= 0 && v < bound);
        }
        assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    }

    @Test
    void nextFloatIsInUnitInterval() {
        SplitMix64 r = new SplitMix64(5);
        double sum = 0;
        for (int i = 0; i < 10_000; i++) {
            float f = r.nextFloat();
            assertTrue(f >= 0f && f < 1f);
            sum += f;
        }
        assertEquals(0.5, sum / 10_000, 0.01);
    }
}
