package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatasetTest {

    /** Five examples of two features; example i is (10i, 10i+1) with label i. */
    private static Dataset fiveClasses() {
        return Dataset.ofClasses(new float[] {0, 1, 10, 11, 20, 21, 30, 31, 40, 41}, 2, new int[] {0, 1, 2, 3, 4});
    }

    @Test
    void sliceCopiesTheExamplesInRange() {
        Dataset s = fiveClasses().slice(1, 3);
        assertEquals(2, s.n());
        assertArrayEquals(new float[] {10, 11, 20, 21}, s.features());
        assertArrayEquals(new int[] {1, 2}, s.classLabels());
    }

    @Test
    void headTakesAtMostLimit() {
        assertEquals(Dataset.ofClasses(new float[] {0, 1, 10, 11}, 2, new int[] {0, 1}), fiveClasses().head(2));
        assertEquals(fiveClasses(), fiveClasses().head(100));
        assertEquals(0, fiveClasses().head(0).n());
    }

    @Test
    void splitHoldsOutTheLastExamples() {
        Dataset.Split split = fiveClasses().split(2);
        assertArrayEquals(new int[] {0, 1, 2}, split.train().classLabels());
        assertArrayEquals(new int[] {3, 4}, split.validation().classLabels());
        assertArrayEquals(new float[] {30, 31, 40, 41}, split.validation().features());
    }

    @Test
    void splitOfZeroKeepsEverything() {
        Dataset.Split split = fiveClasses().split(0);
        assertEquals(fiveClasses(), split.train());
        assertEquals(0, split.validation().n());
    }

    @Test
    void splitLargerThanTheSetIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> fiveClasses().split(6));
        assertEquals("cannot hold out 6 of 5 examples", e.getMessage());
    }

    @Test
    void regressionTargetsAreSlicedPerExample() {
        // three examples, one feature, two targets each
        Dataset d = Dataset.ofTargets(new float[] {1, 2, 3}, 1, new float[] {1, -1, 2, -2, 3, -3}, 2);
        assertEquals(3, d.n());
        assertFalse(d.hasClassLabels());
        Dataset last = d.split(1).validation();
        assertArrayEquals(new float[] {3}, last.features());
        assertArrayEquals(new float[] {3, -3}, last.targets());
    }

    @Test
    void featureCountMustMatch() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.ofClasses(new float[5], 2, new int[] {0, 1, 2}));
        assertEquals("3 examples of 2 features need 6 floats, got 5", e.getMessage());
    }

    @Test
    void exactlyOneKindOfTarget() {
        assertThrows(IllegalArgumentException.class, () -> new Dataset(1, 1, new float[1], null, null, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(1, 1, new float[1], null, new int[1], 1, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(1, 1, new float[1], new byte[1], new int[1], 1, null));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(1, 1, null, null, new int[1], 1, null));
        assertTrue(fiveClasses().hasClassLabels());
    }

    @Test
    void negativeLabelsAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.ofClasses(new float[2], 1, new int[] {0, -1}));
        assertEquals("class label of example 1 is negative: -1", e.getMessage());
    }

    @Test
    void equalityIsByContent() {
        assertEquals(fiveClasses(), fiveClasses());
        assertEquals(fiveClasses().hashCode(), fiveClasses().hashCode());
        assertEquals("Dataset[5 examples of 2 features, class labels]", fiveClasses().toString());
    }

    @Test
    void pixelSetsReadAsScaledFloatsAndSliceLikeFloatSets() {
        Dataset d = Dataset.ofPixels(new byte[] {0, (byte) 255, 51, 102, (byte) 204, 1}, 2, new int[] {1, 2, 3});
        assertArrayEquals(new float[] {0, 1, 0.2f, 0.4f, 0.8f, 1 / 255f}, d.floatFeatures());
        Dataset tail = d.slice(1, 3);
        assertArrayEquals(new byte[] {51, 102, (byte) 204, 1}, tail.pixels());
        assertArrayEquals(new int[] {2, 3}, tail.classLabels());
        float[] batch = new float[4];
        new Batches(d, 2, false, 0).fill(1, batch, new int[2]);
        assertArrayEquals(new float[] {0.8f, 1 / 255f, 0, 0}, batch);
        assertEquals(Dataset.ofPixels(new byte[] {51, 102}, 2, new int[] {2}), d.slice(1, 2));
    }

    @Test
    void everyPixelValueScalesToItsQuotientBy255() {
        byte[] all = new byte[256 * 3]; // three examples of 256 features, each byte value once per example
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Dataset d = Dataset.ofPixels(all, 256, new int[] {0, 1, 2});
        float[] batch = new float[2 * 256];
        new Batches(d, 2, true, 7).fill(0, batch, new int[2]); // shuffled: examples touched out of order
        for (int i = 0; i < batch.length; i++) {
            assertEquals((i % 256) / 255f, batch[i], "byte " + i % 256);
        }
        int bytes = 0;
        for (int i = 0; i < 256; i += 64) {
            bytes += (byte) i;
        }
        assertEquals(bytes + (byte) 255, d.touch(1));
    }
}
