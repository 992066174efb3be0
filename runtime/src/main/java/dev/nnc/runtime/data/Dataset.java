package dev.nnc.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * {@code n} examples, held flat: {@code features} is {@code n × featureSize} floats, example
 * {@code i} at {@code [i * featureSize, (i + 1) * featureSize)}. Each example has either an integer
 * class label ({@code classLabels}, for {@code target y: class(K)}) or {@code targetSize} real
 * targets ({@code targets}, for {@code target y: [d...]}); exactly one of the two is non-null.
 *
 * <p>The arrays are shared, not copied, so a 60000-image MNIST set is not held twice; the methods
 * that return a part ({@link #slice}, {@link #head}, {@link #split}) copy that part.
 */
public record Dataset(int n, int featureSize, float[] features, int[] classLabels, int targetSize, float[] targets) {

    /** A training set and the examples held out of it for validation. */
    public record Split(Dataset train, Dataset validation) {}

    public Dataset {
        if (n < 0 || featureSize < 1) {
            throw new IllegalArgumentException("n " + n + " and featureSize " + featureSize + " must be >= 0 and >= 1");
        }
        Objects.requireNonNull(features, "features");
        if (features.length != (long) n * featureSize) {
            throw new IllegalArgumentException(n + " examples of " + featureSize + " features need "
                    + (long) n * featureSize + " floats, got " + features.length);
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
        return new Dataset(labels.length, featureSize, features, labels, 1, null);
    }

    /** A regression set: {@code targets.length / targetSize} examples. */
    public static Dataset ofTargets(float[] features, int featureSize, float[] targets, int targetSize) {
        if (targetSize < 1 || targets.length % targetSize != 0) {
            throw new IllegalArgumentException(targets.length + " targets are not a whole number of examples of "
                    + targetSize);
        }
        return new Dataset(targets.length / targetSize, featureSize, features, null, targetSize, targets);
    }

    public boolean hasClassLabels() {
        return classLabels != null;
    }

    /** Examples {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public Dataset slice(int from, int to) {
        if (from < 0 || to < from || to > n) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of " + n + " examples");
        }
        float[] x = Arrays.copyOfRange(features, from * featureSize, to * featureSize);
        return classLabels != null
                ? new Dataset(to - from, featureSize, x, Arrays.copyOfRange(classLabels, from, to), 1, null)
                : new Dataset(to - from, featureSize, x, null, targetSize,
                        Arrays.copyOfRange(targets, from * targetSize, to * targetSize));
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
                && Arrays.equals(features, d.features) && Arrays.equals(classLabels, d.classLabels)
                && Arrays.equals(targets, d.targets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(n, featureSize, targetSize) * 31
                + Arrays.hashCode(features) * 17 + Arrays.hashCode(classLabels) + Arrays.hashCode(targets);
    }

    @Override
    public String toString() {
        return "Dataset[" + n + " examples of " + featureSize + " features, "
                + (classLabels != null ? "class labels" : targetSize + " targets") + "]";
    }
}
