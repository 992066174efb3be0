package dev.nnc.compiler.ir;

/** What a node computes. Shapes and parameters live on the {@link Node}; an op holds its settings. */
public sealed interface Op {

    /** The op's name as written in .nn files and shown by {@code nnc summary}. */
    String kind();

    /** The model's input: the batch arrives here. */
    record Input() implements Op {
        public String kind() { return "input"; }
    }

    /** y = x·Wᵀ + b, W [units, in]. */
    record Dense(int units, boolean bias) implements Op {
        public String kind() { return "dense"; }
    }

    /** Cross-correlation over [C, H, W] with W [filters, C, kh, kw], NCHW. */
    record Conv2d(int filters, Window window, boolean bias) implements Op {
        public String kind() { return "conv2d"; }
    }

    /** Max pooling pads with -∞; average pooling averages in-bounds cells only. */
    record Pool(PoolKind pool, Window window) implements Op {
        public String kind() { return pool == PoolKind.MAX ? "maxpool" : "avgpool"; }
    }

    enum PoolKind { MAX, AVG }

    record Flatten() implements Op {
        public String kind() { return "flatten"; }
    }

    /** Drops with probability {@code rate}, scales survivors by 1/(1-rate); identity at inference. */
    record Dropout(double rate) implements Op {
        public String kind() { return "dropout"; }
    }

    /** An element-wise map: a built-in activation or a user {@code fn}, as a function of x. */
    record Elementwise(String name, ScalarExpr function) implements Op {
        public String kind() { return name; }
    }

    /** Softmax over a flat tensor. */
    record Softmax() implements Op {
        public String kind() { return "softmax"; }
    }

    /** max(0, x) + alpha_c · min(0, x) with a learnable alpha per channel (dimension 0). */
    record Prelu() implements Op {
        public String kind() { return "prelu"; }
    }

    /** The maximum of each group of k consecutive units. */
    record Maxout(int k) implements Op {
        public String kind() { return "maxout"; }
    }

    /** The element-wise sum of two tensors of one shape. */
    record Add() implements Op {
        public String kind() { return "add"; }
    }

    /** Joins tensors along dimension 0 (channels). */
    record Concat() implements Op {
        public String kind() { return "concat"; }
    }
}
