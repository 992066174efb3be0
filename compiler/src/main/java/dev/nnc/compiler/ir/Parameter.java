package dev.nnc.compiler.ir;

/**
 * A learnable tensor, named and laid out as PyTorch does ({@code fc1.weight} is [out, in],
 * {@code conv1.weight} is [out_ch, in_ch, kh, kw]). {@code role} tells weights (which {@code l2}
 * regularises) from biases and activation slopes.
 */
public record Parameter(String name, Shape shape, Init init, Role role) {

    public enum Role { WEIGHT, BIAS, SLOPE }

    public int size() {
        return shape.size();
    }
}
