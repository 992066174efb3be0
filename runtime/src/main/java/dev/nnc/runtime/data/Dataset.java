package dev.nnc.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code n} examples, held flat: {@code features} is {@code n × featureSize} floats, example
 * {@code i} at {@code [i * featureSize, (i + 1) * featureSize)} — or, for images, {@code pixels} holds
 * the same layout as unsigned bytes, each feature {@code byte / 255}, a quarter of the memory (MNIST's
 * training images: 47 MB instead of 188); exactly one of the two is non-null. {@link #copyExamples} reads
 * either. Each example has either an integer class label ({@code classLabels}, for
 * {@code target y: class(K)}) or {@code targetSize} real targets ({@code targets}, for
 * {@code target y: [d...]}); exactly one of the two is non-null.
 *
 * <p>The arrays are shared, not copied, so a 60000-image MNIST set is not held twice; the methods
 * that return a part ({@link #slice}, {@link #head}, {@link #split}) copy that part.
 */
public record Dataset(int n, int featureSize, float[] features, byte[] pixels, int[] classLabels, int targetSize,
                      float[] targets) {

    /** A training set and the examples held out of it for validation. */
    public record Split(Dataset train, Dataset validation) {}

    public Dataset {
        if (n < 0 || featureSize < 1) {
            throw new IllegalArgumentException("n " + n + " and featureSize " + featureSize + " must be >= 0 and >= 1");
        }
        if ((features == null) == (pixels == null)) {
            throw new IllegalArgumentException("a data set holds float features or byte pixels, exactly one of them");
        }
        int length = features != null ? features.length : pixels.length;
        if (length != (long) n * featureSize) {
            throw new IllegalArgumentException(n + " examples of " + featureSize + " features need "
                    + (long) n * featureSize + (features != null ? " floats" : " pixels") + ", got " + length);
        }
        if ((classLabels == null) == (targets == null)) {
            throw new IllegalArgumentException("a data set has class labels or targets, exactly one of them");
        }
        if (classLabels != null) {
            if (classLabels.length != n || targetSize != 1) {
                throw new IllegalArgumentException(n + " examples need " + n + " class labels (targetSize 1), got "
                        + classLabels.length + " (targetSize " + targetSize + ")");
            }
            for (int i = 0; i < n; i++) {
                if (classLabels[i] < 0) {
                    throw new IllegalArgumentException("class label of example " + i + " is negative: " + classLabels[i]);
                }
            }
        } else if (targetSize < 1 || targets.length != (long) n * targetSize) {
            throw new IllegalArgumentException(n + " examples of " + targetSize + " targets need "
                    + (long) n * targetSize + " floats, got " + targets.length);
        }
    }

    /** A classification set: {@code labels.length} examples of {@code featureSize} features. */
    public static Dataset ofClasses(float[] features, int featureSize, int[] labels) {
        return new Dataset(labels.length, featureSize, features, null, labels, 1, null);
    }

    /** A classification set of images: {@code labels.length} examples of {@code featureSize} unsigned-byte pixels. */
    public static Dataset ofPixels(byte[] pixels, int featureSize, int[] labels) {
        return new Dataset(labels.length, featureSize, null, pixels, labels, 1, null);
    }

    /** A regression set: {@code targets.length / targetSize} examples. */
    public static Dataset ofTargets(float[] features, int featureSize, float[] targets, int targetSize) {
        if (targetSize < 1 || targets.length % targetSize != 0) {
            throw new IllegalArgumentException(targets.length + " targets are not a whole number of examples of "
                    + targetSize);
        }
        return new Dataset(targets.length / targetSize, featureSize, features, null, null, targetSize, targets);
    }

    public boolean hasClassLabels() {
        return classLabels != null;
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to < from || to > n) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + n + " examples");
        }
        float[] x = features == null ? null : Arrays.copyOfRange(features, from * featureSize, to * featureSize);
        byte[] p = pixels == null ? null : Arrays.copyOfRange(pixels, from * featureSize, to * featureSize);
        return classLabels != null
                ? new Dataset(to - from, featureSize, x, p, Arrays.copyOfRange(classLabels, from, to), 1, null)
                : new Dataset(to - from, featureSize, x, p, null, targetSize,
                        Arrays.copyOfRange(targets, from * targetSize, to * targetSize));
    }

    /**
     * Reads one byte of every cache line of an example held as pixels and returns their sum (so the reads are not
     * optimised away). Touching all of a shuffled batch's examples this way before copying them lets the processor
     * have dozens of memory reads in flight at once; the copy's own loop reaches only a line or two ahead, and a
     * shuffled batch of MNIST came from memory one line at a time (a third of the time of filling it).
     */
    public int touch(int example) {
        if (pixels == null) {
            return 0;
        }
        int from = example * featureSize, to = from + featureSize, sum = 0;
        for (int i = from; i < to; i += 64) {
            sum += pixels[i];
        }
        return sum + pixels[to - 1];
    }

    /** Copies {@code count} examples from {@code example} on into {@code dst} at {@code offset}, as floats. */
    public void copyExamples(int example, int count, float[] dst, int offset) {
        int from = example * featureSize;
        int length = count * featureSize;
        if (features != null) {
            System.arraycopy(features, from, dst, offset, length);
            return;
        }
        scalePixels(pixels, from, dst, offset, length);
    }

    /** {@code byte / 255} for every unsigned byte: a table lookup costs a third of a division per pixel. */
    private static final float[] PIXEL_VALUES = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            PIXEL_VALUES[b] = b / 255f;
        }
    }

    /** {@code length} unsigned-byte pixels from {@code src} as floats in [0, 1] ({@code byte / 255}) into {@code dst}. */
    static void scalePixels(byte[] src, int from, float[] dst, int offset, int length) {
        Objects.checkFromIndexSize(from, length, src.length);
        Objects.checkFromIndexSize(offset, length, dst.length);
        float[] values = PIXEL_VALUES;
        for (int i = 0; i < length; i++) {
            dst[offset + i] = values[src[from + i] & 0xFF];
        }
    }

    /** Every feature as floats: {@link #features} itself, or the pixels scaled (a new array). */
    public float[] floatFeatures() {
        if (features != null) {
            return features;
        }
        float[] all = new float[pixels.length];
        copyExamples(0, n, all, 0);
        return all;
    }

    /** The first {@code min(limit, n)} examples: a quick run on part of the data. */
    public Dataset head(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        return slice(0, Math.min(limit, n));
    }

    /**
     * Holds out the last {@code validation} examples, as {@code validation = 5000} does in a
     * {@code train} block: the split is by position, not random, so it is the same on every run
     * and matches the usual MNIST 55000/5000 split.
     */
    public Split split(int validation) {
        if (validation < 0 || validation > n) {
            throw new IllegalArgumentException("cannot hold out " + validation + " of " + n + " examples");
        }
        return new Split(slice(0, n - validation), slice(n - validation, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && n == d.n && featureSize == d.featureSize && targetSize == d.targetSize
                && Arrays.equals(features, d.features) && Arrays.equals(pixels, d.pixels) && Arrays.equals(classLabels, d.classLabels)
                && Arrays.equals(targets, d.targets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(n, featureSize, targetSize) * 31
                + (Arrays.hashCode(features) + Arrays.hashCode(pixels)) * 17 + Arrays.hashCode(classLabels) + Arrays.hashCode(targets);
    }

    @Override
    public String toString() {
        return "Dataset[" + n + " examples of " + featureSize + " features, "
                + (classLabels != null ? "class labels" : targetSize + " targets") + "]";
    }
}
