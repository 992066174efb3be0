package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.ProfileInfo;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Needs -Dcom.aparapi.enableProfiling=true in the forked test JVM (surefire systemPropertyVariables):
 * Aparapi reads it once, in a static initializer, and only then creates profiling command queues.
 */
class ResidentWeightsTest {
    static final int B = 16, I = 32, U = 8, STEPS = 100;
    static Object sink;

    static boolean openCl() {
        return KernelManager.instance().bestDevice() instanceof OpenCLDevice;
    }

    /** "W"/"R"/"X" — ProfileInfo.getType() returns a private enum, so go through Object. */
    static String type(ProfileInfo p) {
        Object t = p.getType();
        return t.toString();
    }

    static Map<String, Integer> count(List<ProfileInfo> log) {
        Map<String, Integer> m = new TreeMap<>();
        for (ProfileInfo p : log) m.merge(type(p) + " " + p.getLabel(), 1, Integer::sum);
        return m;
    }

    @Test
    void trainsOnTheDeviceAndAgreesWithJava() {
        assumeTrue(openCl(), "no OpenCL device");
        Trainer tr = new Trainer(B, I, U, 42);
        Reference ref = new Reference(B, I, U, tr.k.w, tr.k.b);
        Trainer.Data data = new Trainer.Data(I, U, 7);
        float[] x = new float[B * I], t = new float[B * U];
        float first = 0, last = 0;
        for (int s = 0; s < STEPS; s++) {
            data.next(x, t);
            float got = tr.step(x, t), want = ref.step(x, t, tr.k.lr);
            assertEquals(want, got, 1e-4f * Math.max(1f, Math.abs(want)), "loss at step " + s);
            if (s == 0) first = got;
            last = got;
        }
        assertTrue(tr.k.isRunningCL(), "fell back to Java: " + tr.k.getTargetDevice().getShortDescription());
        assertTrue(last < first / 4, "did not learn: " + first + " -> " + last);
        tr.k.get(tr.k.w);
        for (int i = 0; i < U * I; i++) assertEquals(ref.w[i], tr.k.w[i], 1e-5f);
        tr.k.dispose();
    }

    @Test
    void weightsAreUploadedOnceAndNeverAgain() {
        assumeTrue(openCl(), "no OpenCL device");
        assumeTrue(Boolean.getBoolean("com.aparapi.enableProfiling"), "needs -Dcom.aparapi.enableProfiling=true");
        Trainer tr = new Trainer(B, I, U, 42);
        Trainer.Data data = new Trainer.Data(I, U, 7);
        float[] x = new float[B * I], t = new float[B * U];

        data.next(x, t);
        tr.step(x, t);                                   // step 0: buffers created, everything uploaded
        Map<String, Integer> firstStep = count(tr.log);
        assertEquals(1, firstStep.get("W w"), firstStep.toString());
        assertEquals(1, firstStep.get("W b"), firstStep.toString());

        tr.log.clear();
        for (int s = 1; s < STEPS; s++) { data.next(x, t); tr.step(x, t); }
        Map<String, Integer> rest = count(tr.log);
        // 99 steps x 6 passes, 99 reads of the loss, and NO host->device write of any kernel-written array
        assertEquals(Map.of("X exec()", 6 * (STEPS - 1), "R lossRows", STEPS - 1), rest);

        // control: an explicit put(w) IS reported, so the absence above means something
        tr.log.clear();
        tr.k.put(tr.k.w);
        data.next(x, t);
        tr.step(x, t);
        assertEquals(1, count(tr.log).get("W w"), count(tr.log).toString());
        tr.k.dispose();
    }

    /**
     * sharedMemory=false makes Aparapi create buffers with CL_MEM_COPY_HOST_PTR (what a discrete GPU needs): the device
     * then has its own copy. Poisoning the host weights after the first step must not change training at all.
     */
    @Test
    void deviceCopyIsAuthoritativeWithDiscreteMemory() {
        Device best = KernelManager.instance().bestDevice();
        assumeTrue(best instanceof OpenCLDevice, "no OpenCL device");
        OpenCLDevice dev = (OpenCLDevice) best;
        boolean saved = dev.isSharedMemory();
        dev.setSharedMemory(false);
        try {
            // pad w and b to G1 humongous size so a GC cannot move them (see GcMoveTest / findings)
            int pad = DiscreteSim.g1RegionBytes() / 4;
            Trainer tr = new Trainer(B, I, U, 42, pad);
            Reference ref = new Reference(B, I, U, tr.k.w, tr.k.b);
            Trainer.Data data = new Trainer.Data(I, U, 7);
            float[] x = new float[B * I], t = new float[B * U];
            for (int s = 0; s < STEPS; s++) {
                data.next(x, t);
                float got = tr.step(x, t), want = ref.step(x, t, tr.k.lr);
                assertEquals(want, got, 1e-4f * Math.max(1f, Math.abs(want)), "loss at step " + s);
                if (s == 0) Arrays.fill(tr.k.w, 0, U * I, Float.NaN);   // host copy is garbage from now on; no put()
                if (s % 10 == 0) { for (int g = 0; g < 2000; g++) sink = new byte[10_000]; System.gc(); }   // move what G1 can move
            }
            assertEquals(0f, tr.k.z[0], "host must not see device writes without get()");
            tr.k.get(tr.k.w);
            for (int i = 0; i < U * I; i++) assertEquals(ref.w[i], tr.k.w[i], 1e-5f);
            tr.k.dispose();
        } finally {
            dev.setSharedMemory(saved);
        }
    }
}
