package dev.nnc.runtime.train;

import dev.nnc.runtime.io.Tensor;
import java.util.Map;

/**
 * What a generated trainer offers the training loop: a step that updates the weights, an evaluation
 * that does not, and the weights themselves. Batches arrive as flat arrays of {@code n} examples.
 */
public interface Trainable {

    /** The model's name, as in its .nn file. */
    String modelName();

    /** Values per input example. */
    int inputSize();

    /** For class targets, the number of classes; 0 for real-valued targets. */
    int classes();

    /** For real-valued targets, values per example; 0 for class targets. */
    int targetSize();

    /** The largest batch the trainer was built for. */
    int maxBatch();

    /**
     * Starts afresh: draws the initial weights from {@code seed}, restarts dropout's masks from it and clears the
     * optimizer's state (its moments and step count), so that an instance trained before trains as a new one would.
     */
    void initialize(long seed);

    /** Forward, loss, backward and the optimizer's update; returns the batch's mean loss. */
    double trainStep(float[] inputs, int[] labels, float[] targets, int n, float learningRate);

    /** The batch's mean loss without training (dropout off); adds the number of correct predictions to {@code correct[0]}. */
    double evaluate(float[] inputs, int[] labels, float[] targets, int n, int[] correct);

    /** The weights, under PyTorch's names and layouts. */
    Map<String, Tensor> state();

    /** Replaces the weights; fails naming the tensor when a name or shape does not match. */
    void load(Map<String, Tensor> state);

    /** The first tensor holding a NaN or an infinity, activations before gradients before weights; null if none. */
    String firstNonFinite();
}
