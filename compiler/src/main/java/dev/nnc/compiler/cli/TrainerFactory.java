package dev.nnc.compiler.cli;

import dev.nnc.runtime.train.Trainable;
import java.lang.reflect.Constructor;
import java.util.function.IntFunction;

/** A generated trainer loaded in memory, made by its {@code (int maxBatch)} constructor. */
record TrainerFactory(Constructor<?> constructor) implements IntFunction<Trainable> {

    @Override
    public Trainable apply(int maxBatch) {
        try {
            return (Trainable) constructor.newInstance(maxBatch);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + constructor.getDeclaringClass().getName(), e);
        }
    }
}
