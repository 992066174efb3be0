package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.ProfileInfo;
import com.aparapi.device.Device;
import dev.nnc.compiler.Sources;
import dev.nnc.compiler.build.InMemoryJavac;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.runtime.opencl.OpenCl;
import dev.nnc.runtime.opencl.ProfileListener;
import dev.nnc.runtime.train.Trainable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Aparapi's own profile of every execute ('W' host → device, 'R' device → host, 'X' kernel run), and the trainer's
 * report of its puts (which Aparapi does not list for arrays the kernel only reads), show that a training step copies
 * no weight to the device and none back: only the batch goes in, the per-row losses come out. Needs
 * {@code -Dcom.aparapi.enableProfiling=true} (set for this module's tests).
 */
class ResidentWeightsTest {

    @Test
    void aTrainingStepCopiesNoWeights() throws Exception {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty() || !OpenCl.devices(Device.TYPE.GPU).isEmpty(), "no OpenCL device");
        assumeTrue(Boolean.getBoolean("com.aparapi.enableProfiling"), "profiling is off");
        Graph g = Sources.model("""
                model Resident {
                    input x: [20]
                    target y: class(3)
                    out = x -> fc1: dense(16) -> relu -> fc2: dense(3)
                    loss = softmax_cross_entropy(out, y) + 1e-4 * l2(fc1, fc2)
                    train { optimizer = adam(lr=0.01) }
                }
                """);
        ClassLoader loader = InMemoryJavac.compile(CodeGenerator.generate(g, "resident", Precision.FLOAT, true));
        String device = OpenCl.devices(Device.TYPE.GPU).isEmpty() ? "opencl-cpu" : "gpu";
        Class<?> type = loader.loadClass("resident.ResidentOpenClTrainer");
        Trainable trainer = (Trainable) type.getConstructor(int.class, String.class).newInstance(8, device);
        List<String> transfers = new ArrayList<>();
        ProfileListener listener = new ProfileListener() {
            @Override
            public void ran(String pass, List<ProfileInfo> profile) {
                profile.forEach(p -> transfers.add(String.valueOf((Object) p.getType()) + " " + p.getLabel()));
            }

            @Override
            public void fetched(String array, long bytes, List<ProfileInfo> profile) {
                // the list holds every copy back since the last run: this one is the last
                profile.stream().filter(p -> p.getLabel().equals(array)).reduce((a, b) -> b)
                        .ifPresent(p -> transfers.add(String.valueOf((Object) p.getType()) + " " + p.getLabel()));
            }

            @Override
            public void put(String array, long bytes) {
                transfers.add("put " + array);
            }
        };
        ((ProfileListener.Source) trainer).onProfile(listener);
        trainer.initialize(1);
        float[] x = new float[8 * 20];
        int[] labels = new int[8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        trainer.trainStep(x, labels, null, 8, 0.01f); // the first step may upload everything
        transfers.clear();
        for (int step = 0; step < 5; step++) {
            trainer.trainStep(x, labels, null, 8, 0.01f);
        }
        Map<String, Integer> counts = new TreeMap<>();
        transfers.forEach(t -> counts.merge(t, 1, Integer::sum));
        List<String> weights = List.of("fc1Weight", "fc1Bias", "fc2Weight", "fc2Bias", "fc1WeightMean", "fc1WeightVariance");
        for (String w : weights) {
            assertTrue(!counts.containsKey("W " + w) && !counts.containsKey("R " + w) && !counts.containsKey("put " + w),
                    "weights moved: " + counts);
        }
        assertEquals(List.of("put input", "put labels"), counts.keySet().stream().filter(k -> k.startsWith("put ")).toList(),
                "only the batch goes in: " + counts);
        assertEquals(5, counts.get("put input"), "the batch goes in once a step: " + counts);
        assertTrue(counts.getOrDefault("X exec()", 0) > 0, "no kernel ran: " + counts);
        assertEquals(5, counts.getOrDefault("R rowLoss", 0), "the per-row losses come back once a step: " + counts);
        assertEquals(5, counts.getOrDefault("R l2Partial", 0), "the l2 sums come back once a step: " + counts);
        assertTrue(counts.keySet().stream().filter(k -> k.startsWith("R ")).allMatch(k -> k.equals("R rowLoss") || k.equals("R l2Partial")),
                "only the loss comes back: " + counts);

        // and state() does bring them back, so the check above can see a weight transfer when one happens
        transfers.clear();
        trainer.state();
        trainer.trainStep(x, labels, null, 8, 0.01f);
        assertTrue(transfers.contains("R fc1Weight"), "state() reads the weights: " + transfers);
    }
}
