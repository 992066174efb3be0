package dev.nnc.runtime.data;

import java.util.Arrays;

/**
 * Cuts a data set into mini-batches, epoch after epoch, copying each batch into buffers the caller
 * owns: a training loop allocates its batch arrays once (the kernels keep them on the device) and
 * nothing is allocated per batch.
 *
 * <pre>
 *   Batches batches = new Batches(train, 100, true, seed);
 *   float[] x = new float[100 * train.featureSize()];
 *   int[] y = new int[100];
 *   for (int epoch = 0; epoch &lt; epochs; epoch++) {
 *       batches.startEpoch(epoch);
 *       for (int b = 0; b &lt; batches.batchCount(); b++) {
 *           int size = batches.fill(b, x, y);   // the last batch may be smaller
 *           ...
 *       }
 *   }
 * </pre>
 *
 * <p>Order: without shuffling, examples come in data-set order. With shuffling, epoch {@code e}
 * uses a Fisher-Yates shuffle of {@code 0..n-1} (from the last position down, swapping position
 * {@code i} with {@code nextInt(i + 1)}) drawn from a {@link SplitMix64} seeded with output
 * {@code e + 1} of {@code SplitMix64(seed)}. So each epoch's order depends only on the seed and the
 * epoch number, is the same on every JVM, and a run resumed at epoch {@code e} sees the order the
 * uninterrupted run would have.
 *
 * <p>The last batch holds {@code n % batchSize} examples when that is not zero; {@code fill}
 * returns the count and zeroes the rest of the buffers, so a kernel that always processes a full
 * batch computes on zeros there; losses and metrics must still divide by the returned count.
 */
public final class Batches {

    private final Dataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int[] order;
    private int epoch;
    /** Where {@link Dataset#touch}'s sums go, so that the JIT keeps the reads. */
    private int touchedSum;

    public Batches(Dataset data, int batchSize, boolean shuffle, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.order = new int[data.n()];
        startEpoch(0);
    }

    /** The order of epoch {@code epoch} for {@code n} examples with shuffling on (see the class doc). */
    public static int[] permutation(int n, long seed, int epoch) {
        int[] order = new int[n];
        shuffle(order, seed, epoch);
        return order;
    }

    private static void shuffle(int[] order, long seed, int epoch) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SplitMix64 random = new SplitMix64(SplitMix64.mix64(seed + (epoch + 1L) * 0x9E3779B97F4A7C15L));
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Sets the example order for {@code epoch}; batches then come from that order. */
    public void startEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
        }
        this.epoch = epoch;
        if (shuffle) {
            shuffle(order, seed, epoch);
        } else {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }
    }

    public int epoch() {
        return epoch;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, counting a last partial batch. */
    public int batchCount() {
        return (int) ((data.n() + (long) batchSize - 1) / batchSize);
    }

    /** The number of examples in batch {@code batch}: {@code batchSize} except perhaps the last. */
    public int size(int batch) {
        if (batch < 0 || batch >= batchCount()) {
            throw new IndexOutOfBoundsException("batch " + batch + " of " + batchCount());
        }
        return Math.min(batchSize, data.n() - batch * batchSize);
    }

    /** The data-set index of the example at {@code position} of this epoch's order. */
    public int exampleAt(int position) {
        return order[position];
    }

    /** Copies batch {@code batch}'s features and class labels; returns its size. */
    public int fill(int batch, float[] features, int[] labels) {
        requireLabels(true);
        require(labels.length, batchSize, "labels");
        int size = fillFeatures(batch, features);
        for (int k = 0; k < size; k++) {
            labels[k] = data.classLabels()[order[batch * batchSize + k]];
        }
        Arrays.fill(labels, size, batchSize, 0);
        return size;
    }

    /** Copies batch {@code batch}'s features and real targets ({@code targetSize} each); returns its size. */
    public int fill(int batch, float[] features, float[] targets) {
        requireLabels(false);
        int t = data.targetSize();
        require(targets.length, batchSize * t, "targets");
        int size = fillFeatures(batch, features);
        for (int k = 0; k < size; k++) {
            System.arraycopy(data.targets(), order[batch * batchSize + k] * t, targets, k * t, t);
        }
        Arrays.fill(targets, size * t, batchSize * t, 0f);
        return size;
    }

    /** Copies batch {@code batch}'s features and its class labels one-hot encoded over {@code classes}. */
    public int fillOneHot(int batch, float[] features, float[] oneHot, int classes) {
        requireLabels(true);
        require(oneHot.length, batchSize * classes, "one-hot labels");
        int size = fillFeatures(batch, features);
        Arrays.fill(oneHot, 0, batchSize * classes, 0f);
        for (int k = 0; k < size; k++) {
            int example = order[batch * batchSize + k];
            int label = data.classLabels()[example];
            if (label >= classes) {
                throw new IllegalArgumentException("label " + label + " of example " + example
                        + " is out of range for " + classes + " classes");
            }
            oneHot[k * classes + label] = 1f;
        }
        return size;
    }

    private int fillFeatures(int batch, float[] features) {
        int f = data.featureSize();
        require(features.length, batchSize * f, "features");
        int size = size(batch);
        int touched = 0;
        for (int k = 0; k < size; k++) {
            touched += data.touch(order[batch * batchSize + k]);
        }
        touchedSum += touched;
        for (int k = 0; k < size; k++) {
            data.copyExamples(order[batch * batchSize + k], 1, features, k * f);
        }
        Arrays.fill(features, size * f, batchSize * f, 0f);
        return size;
    }

    private void requireLabels(boolean classes) {
        if (data.hasClassLabels() != classes) {
            throw new IllegalStateException(classes
                    ? "the data set has real targets, not class labels; use fill(int, float[], float[])"
                    : "the data set has class labels, not real targets; use fill(int, float[], int[])");
        }
    }

    private void require(int length, int needed, String what) {
        if (length < needed) {
            throw new IllegalArgumentException("the " + what + " buffer holds " + length
                    + " values; a batch of " + batchSize + " needs " + needed);
        }
    }
}
