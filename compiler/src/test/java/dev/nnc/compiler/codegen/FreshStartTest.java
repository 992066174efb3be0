package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.device.Device;
import dev.nnc.compiler.Sources;
import dev.nnc.compiler.build.InMemoryJavac;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.runtime.io.Tensor;
import dev.nnc.runtime.opencl.OpenCl;
import dev.nnc.runtime.train.Trainable;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code initialize(seed)} starts a trainer afresh: one that has trained already (its optimizer's moments, step count and
 * dropout masks moved on) then trains exactly as a new one does, to the last bit. The run relies on it when it takes the
 * trainer its start-up warmed.
 */
class FreshStartTest {
    private static final int BATCH = 5;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sgd(lr=0.1)", "momentum(lr=0.05, beta=0.9)", "adagrad(lr=0.05)", "adam(lr=0.01)"})
    void aTrainedJavaTrainerInitialisedAgainTrainsAsANewOne(String optimizer) throws Exception {
        ClassLoader loader = InMemoryJavac.compile(CodeGenerator.generate(model(optimizer), "fresh", Precision.FLOAT, false));
        Class<?> type = loader.loadClass("fresh.FreshTrainer");
        trainsAsNew(batch -> {
            try {
                return (Trainable) type.getConstructor(int.class).newInstance(batch);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aTrainedOpenClTrainerInitialisedAgainTrainsAsANewOne() throws Exception {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty() || !OpenCl.devices(Device.TYPE.GPU).isEmpty(),
                "no OpenCL device: install pocl-opencl-icd (CI does)");
        String device = OpenCl.devices(Device.TYPE.GPU).isEmpty() ? "opencl-cpu" : "gpu";
        ClassLoader loader = InMemoryJavac.compile(CodeGenerator.generate(model("adam(lr=0.01)"), "freshcl", Precision.FLOAT, true));
        Class<?> type = loader.loadClass("freshcl.FreshOpenClTrainer");
        trainsAsNew(batch -> {
            try {
                return (Trainable) type.getConstructor(int.class, String.class).newInstance(batch, device);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Graph model(String optimizer) {
        return Sources.model("""
                model Fresh {
                    input x: [6]
                    target y: class(4)
                    out = x -> fc1: dense(12) -> relu -> dropout(0.3) -> fc2: dense(4)
                    loss = softmax_cross_entropy(out, y) + 1e-3 * l2(fc1, fc2)
                    train { optimizer = %s }
                }
                """.formatted(optimizer));
    }

    private static void trainsAsNew(IntFunction<Trainable> trainer) {
        Trainable used = trainer.apply(BATCH);
        used.initialize(9);
        train(used, 1);
        used.initialize(9);
        Trainable fresh = trainer.apply(BATCH);
        fresh.initialize(9);
        assertArrayEquals(train(fresh, 2), train(used, 2), "losses");
        Map<String, Tensor> expected = fresh.state();
        Map<String, Tensor> actual = used.state();
        assertEquals(expected.keySet(), actual.keySet());
        for (var e : expected.entrySet()) {
            assertArrayEquals(e.getValue().data(), actual.get(e.getKey()).data(), e.getKey());
        }
    }

    /** Three steps on batches drawn from {@code seed}; their losses. */
    private static double[] train(Trainable t, long seed) {
        Random random = new Random(seed);
        double[] losses = new double[3];
        for (int step = 0; step < losses.length; step++) {
            float[] x = new float[BATCH * 6];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            losses[step] = t.trainStep(x, random.ints(BATCH, 0, 4).toArray(), null, BATCH, 0.1f);
        }
        return losses;
    }
}
