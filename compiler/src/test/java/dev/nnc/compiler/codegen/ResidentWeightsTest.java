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

    /**
     * Weights stay right on the device while the collector moves the host's arrays. Aparapi binds each device buffer to
     * its array's address and, at the next execute after a move, makes a new one from the host's copy: on a GPU that
     * copy is older than the device's (the weights lost their updates since the last read), on a CPU device the old
     * buffer aliases memory the array left (reads gave garbage). The trainer settles its arrays in the old generation
     * before they go to the device ({@code OpenCl.settle}), and after a collection reads from the device only what the
     * device holds right ({@code CollectorWatch}); here young and full collections alternate between the steps and
     * the reads, and the weights must still agree with the Java backend's.
     */
    @Test
    void weightsSurviveTheCollectorMovingTheHostArrays() throws Exception {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty() || !OpenCl.devices(Device.TYPE.GPU).isEmpty(), "no OpenCL device");
        Graph g = Sources.model("""
                model Moved {
                    input x: [20]
                    target y: class(3)
                    out = x -> fc1: dense(16) -> relu -> fc2: dense(3)
                    loss = softmax_cross_entropy(out, y)
                    train { optimizer = adam(lr=0.01) }
                }
                """);
        ClassLoader loader = InMemoryJavac.compile(CodeGenerator.generate(g, "moved", Precision.FLOAT, true));
        String device = OpenCl.devices(Device.TYPE.GPU).isEmpty() ? "opencl-cpu" : "gpu";
        Trainable openCl = (Trainable) loader.loadClass("moved.MovedOpenClTrainer").getConstructor(int.class, String.class)
                .newInstance(8, device);
        Trainable java = (Trainable) loader.loadClass("moved.MovedTrainer").getConstructor(int.class).newInstance(8);
        openCl.initialize(1);
        java.initialize(1);
        float[] x = new float[8 * 20];
        int[] labels = {0, 1, 2, 0, 1, 2, 0, 1};
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        // before any kernel ran, the host's arrays are the only values: Aparapi has no buffers to read (it crashed the JVM)
        assertEquals(java.state().get("fc1.weight").data()[5], openCl.state().get("fc1.weight").data()[5]);
        for (int step = 0; step < 4; step++) {
            assertEquals(java.trainStep(x, labels, null, 8, 0.01f), openCl.trainStep(x, labels, null, 8, 0.01f), 1e-4, "loss of step " + step);
            if (step % 2 == 0) {
                collect();
            } else {
                System.gc(); // a full collection compacts the old generation too
            }
            Map<String, dev.nnc.runtime.io.Tensor> expected = java.state(), actual = openCl.state();
            for (var e : expected.entrySet()) {
                float[] w = e.getValue().data(), v = actual.get(e.getKey()).data();
                for (int i = 0; i < w.length; i++) {
                    assertEquals(w[i], v[i], 1e-4 * Math.max(1, Math.abs(w[i])), "after step " + step + ", " + e.getKey() + "[" + i + "]");
                }
            }
        }
    }

    private static volatile Object sink;

    /** Short-lived garbage until a young collection has run, then as much again over the memory it freed. */
    private static void collect() {
        long before = youngCollections();
        for (int i = 0; youngCollections() == before; i++) {
            sink = new float[64 * 1024];
            assertTrue(i < 1_000_000, "no collection ran: the test tests nothing");
        }
        for (int i = 0; i < 1000; i++) {
            sink = new float[16 * 1024];
        }
    }

    private static long youngCollections() {
        return java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionCount).sum();
    }
}
