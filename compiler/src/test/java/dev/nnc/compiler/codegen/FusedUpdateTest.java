package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnc.compiler.Sources;
import dev.nnc.compiler.build.InMemoryJavac;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.runtime.train.Optimizers;
import dev.nnc.runtime.train.Trainable;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A dense layer with large weights ({@link FusedUpdate#MIN_WEIGHTS}) has its weight gradient computed inside the Java
 * trainer's update, a block at a time; a small one keeps the plain path. The trainer then trains to the bit as the
 * plain computation does — {@code backward(n)} filling every gradient (the l2 term's share included), then each
 * parameter's update over its own gradient array — with every optimizer, at a batch the product hands on from its buffer
 * and at one it computes whole first (deeper than one block), and over a last, partial batch.
 */
class FusedUpdateTest {
    private static final int INPUTS = 523, UNITS = 512, CLASSES = 4;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd(lr=0.1)", "momentum(lr=0.05, beta=0.9)", "adagrad(lr=0.05)", "adam(lr=0.01)"})
    void trainsAsTheUnfusedComputation(String optimizer) throws Exception {
        assertTrue(INPUTS * UNITS >= FusedUpdate.MIN_WEIGHTS && UNITS * CLASSES < FusedUpdate.MIN_WEIGHTS);
        Graph g = Sources.model("""
                model Fused {
                    input x: [%d]
                    target y: class(%d)
                    out = x -> fc1: dense(%d) -> relu -> fc2: dense(%d)
                    loss = softmax_cross_entropy(out, y) + 1e-3 * l2(fc1, fc2)
                    train { optimizer = %s }
                }
                """.formatted(INPUTS, CLASSES, UNITS, CLASSES, optimizer));
        List<JavaFile> sources = CodeGenerator.generate(g, "fused", Precision.FLOAT, false);
        String model = sources.stream().filter(f -> f.typeSpec().name().equals("Fused")).findFirst().orElseThrow().toString();
        assertTrue(model.contains("public void fc1WeightGradient("), "fc1's weight gradient goes into the update");
        assertFalse(model.contains("fc2WeightGradient("), "fc2's is small");
        ClassLoader loader = InMemoryJavac.compile(sources);
        for (int batch : new int[] {5, 130}) {
            Trainable trainer = (Trainable) loader.loadClass("fused.FusedTrainer").getConstructor(int.class).newInstance(batch);
            Reference reference = new Reference(loader.loadClass("fused.Fused"), batch, optimizer);
            trainer.initialize(3);
            reference.initialize(3);
            Random random = new Random(batch);
            for (int step = 0; step < 3; step++) {
                int n = step == 2 ? batch - 2 : batch;
                float[] x = new float[batch * INPUTS];
                for (int i = 0; i < x.length; i++) {
                    x[i] = random.nextFloat() < 0.3f ? 0f : (float) random.nextGaussian();
                }
                int[] y = random.ints(batch, 0, CLASSES).toArray();
                double loss = trainer.trainStep(x, y, null, n, 0.05f);
                assertEquals(reference.step(x, y, n, 0.05f), loss, "loss of step " + step + ", batch " + batch);
            }
            for (String p : List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")) {
                assertArrayEquals(reference.parameter(p), trainer.state().get(p).data(), p + ", batch " + batch);
            }
        }
    }

    /** The generated model driven by the plain computation: full gradients, then Optimizers over each at its own index. */
    private static final class Reference {
        private final Object model;
        private final Method forward, loss, backward, parameter, gradient;
        private final String optimizer;
        private final Map<String, float[][]> state = new HashMap<>();
        private int steps;

        Reference(Class<?> type, int batch, String optimizer) throws ReflectiveOperationException {
            this.model = type.getConstructor(int.class).newInstance(batch);
            this.forward = type.getMethod("forward", float[].class, int.class, boolean.class);
            this.loss = type.getMethod("loss", int[].class, int.class, boolean.class);
            this.backward = type.getMethod("backward", int.class);
            this.parameter = type.getMethod("parameter", String.class);
            this.gradient = type.getMethod("gradient", String.class);
            this.optimizer = optimizer.substring(0, optimizer.indexOf('('));
        }

        void initialize(long seed) throws ReflectiveOperationException {
            model.getClass().getMethod("initialize", long.class).invoke(model, seed);
        }

        float[] parameter(String name) throws ReflectiveOperationException {
            return (float[]) parameter.invoke(model, name);
        }

        double step(float[] x, int[] y, int n, float lr) throws ReflectiveOperationException {
            forward.invoke(model, x, n, true);
            double value = (double) loss.invoke(model, y, n, true);
            backward.invoke(model, n);
            steps++;
            float stepSize = (float) (lr / (1 - Math.pow(0.9, steps))), correction = (float) (1 / Math.sqrt(1 - Math.pow(0.999, steps)));
            for (String p : List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias")) {
                float[] w = parameter(p), g = (float[]) gradient.invoke(model, p);
                float[][] s = state.computeIfAbsent(p, k -> new float[][] {new float[w.length], new float[w.length]});
                switch (optimizer) {
                    case "sgd" -> Optimizers.sgd(w, g, 0, 0, w.length, 0f, lr);
                    case "momentum" -> Optimizers.momentum(w, g, 0, s[0], 0, w.length, 0f, 0.9f, lr);
                    case "adagrad" -> Optimizers.adagrad(w, g, 0, s[0], 0, w.length, 0f, lr, 1e-10f);
                    default -> Optimizers.adam(w, g, 0, s[0], s[1], 0, w.length, 0f, 0.9f, (float) (1 - 0.9), 0.999f, (float) (1 - 0.999),
                            stepSize, correction, 1e-8f);
                }
            }
            return value;
        }
    }
}
