package dev.nnc.compiler.ir;

/** What the model learns to predict: class labels 0..classes-1, or real values of a shape. */
public sealed interface Target {

    String name();

    record Classes(String name, int classes) implements Target {}

    record Values(String name, Shape shape) implements Target {}
}
