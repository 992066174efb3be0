package dev.nnc.compiler.ir;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The static shape of one example's tensor, without the (symbolic) batch dimension. */
public record Shape(List<Integer> dims) {

    public Shape {
        dims = List.copyOf(dims);
        if (dims.isEmpty() || dims.stream().anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("shape " + dims + ": every dimension must be positive");
        }
    }

    public static Shape of(int... dims) {
        return new Shape(Arrays.stream(dims).boxed().toList());
    }

    public int rank() {
        return dims.size();
    }

    public int dim(int i) {
        return dims.get(i);
    }

    /** Elements per example; shapes are checked not to overflow an int. */
    public int size() {
        return dims.stream().reduce(1, Math::multiplyExact);
    }

    public boolean isFlat() {
        return dims.size() == 1;
    }

    /** {@code [1, 28, 28]} */
    @Override
    public String toString() {
        return dims.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
    }
}
