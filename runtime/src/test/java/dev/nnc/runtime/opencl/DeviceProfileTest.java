package dev.nnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.ProfileInfo;
import com.aparapi.internal.jni.ConfigJNI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a profile adds up from Aparapi's entries (made here: R = 0, X = 1, W = 2, times in ns) and the trainer's puts. */
class DeviceProfileTest {
    private static ProfileInfo entry(String label, int type, long nanos) {
        return new ProfileInfo(label, type, 1_000, 1_000 + nanos, 0, 0);
    }

    private static void step(DeviceProfile profile) {
        profile.put("input", 400);
        profile.ran("forward", List.of(entry(null, 1, 2_000_000)));
        profile.ran("backward", List.of(entry("weight", 2, 250_000), entry(null, 1, 1_000_000)));
        // the list holds every copy back since the last run: only the last entry labelled rowLoss is this copy's
        profile.fetched("rowLoss", 40, List.of(entry(null, 1, 1_000_000), entry("l2Partial", 0, 7_000_000), entry("rowLoss", 0, 500_000)));
    }

    @Test
    void addsUpThePassesAndCopiesOfTheStepsBetweenStartAndStop() {
        DeviceProfile profile = new DeviceProfile();
        step(profile); // before start: not counted
        profile.start();
        step(profile);
        step(profile);
        profile.stop(2);
        step(profile); // after stop: not counted
        assertEquals(3.0, profile.kernelMillis(), 1e-9);
        assertEquals(0.75, profile.copyMillis(), 1e-9); // the weight's write and rowLoss's read
        assertEquals(400, profile.bytesToDevice(), 1e-9);
        assertEquals(40, profile.bytesToHost(), 1e-9);
        assertTrue(profile.stepMillis() >= 0);

        String table = profile.table("gpu", 21);
        assertTrue(table.startsWith("time a step on gpu, steps 21–22 "), table);
        assertTrue(table.contains("| pass forward | 1 |  | 2.000 |"), table);
        assertTrue(table.contains("| pass backward | 1 |  | 1.000 |"), table);
        assertTrue(table.contains("| all passes | 2 |  | 3.000 |"), table);
        assertTrue(table.contains("| copies to the device: input, weight | 2 | 400 | 0.250 |"), table);
        assertTrue(table.contains("| copies to the host: rowLoss | 1 | 40 | 0.500 |"), table);
        assertTrue(table.contains("| the step |"), table);
        assertTrue(table.contains("count in bytes only"), table); // the input's put has no time
    }

    @Test
    void countsWholeWhereAPassRunsOnceAStepAndToTwoDecimalsElse() {
        DeviceProfile profile = new DeviceProfile();
        profile.start();
        for (int i = 0; i < 3; i++) {
            profile.ran("forward", List.of(entry(null, 1, 1_000_000)));
        }
        profile.ran("seed", List.of(entry(null, 1, 1_000_000)));
        profile.stop(3);
        String table = profile.table("opencl-cpu", 1);
        assertTrue(table.contains("| pass forward | 1 |"), table);
        assertTrue(table.contains("| pass seed | 0.33 |"), table);
    }

    @Test
    void attachingNeedsProfilingOnAndAGeneratedOpenClTrainer() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> DeviceProfile.attach(new Object()));
        assertTrue(e.getMessage().contains(ConfigJNI.enableProfiling ? "does not report a profile" : "-Dcom.aparapi.enableProfiling=true"),
                e.getMessage());
    }
}
