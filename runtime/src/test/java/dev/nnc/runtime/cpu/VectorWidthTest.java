package dev.nnc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The kernels' vector width: the preferred one, but 256 bits on a CPU that splits 512-bit operations in two. */
class VectorWidthTest {
    private static final String ZEN4 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\nmodel\t\t: 17\n";
    private static final String ZEN5 = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\n";
    private static final String INTEL = "processor\t: 0\nvendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 143\n";

    @Test
    void theKernelsRunAtTheChosenWidth() {
        int preferred = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int chosen = VectorWidth.bits(preferred, System.getProperty(VectorWidth.PROPERTY), VectorWidth.cpuInfo());
        assertEquals(chosen, VectorKernels.SPECIES.vectorBitSize());
        assertEquals(chosen / 32, VectorKernels.LANES);
    }

    @Test
    void takesTheHalvesOfAZen4sAvx512() {
        assertEquals(256, VectorWidth.bits(512, null, ZEN4));
        assertEquals(256, VectorWidth.bits(256, null, ZEN4), "a family-25 part without AVX-512 (Zen 3) keeps its width");
    }

    @Test
    void keepsThePreferredWidthElsewhere() {
        assertEquals(512, VectorWidth.bits(512, null, INTEL));
        assertEquals(512, VectorWidth.bits(512, null, ZEN5));
        assertEquals(512, VectorWidth.bits(512, null, null), "no /proc/cpuinfo");
        assertEquals(128, VectorWidth.bits(128, null, ZEN4));
    }

    @Test
    void thePropertyChoosesButNeverAboveThePreferredWidth() {
        assertEquals(512, VectorWidth.bits(512, "512", ZEN4));
        assertEquals(128, VectorWidth.bits(512, " 128 ", INTEL));
        assertEquals(256, VectorWidth.bits(256, "512", INTEL));
    }

    @Test
    void aPropertyThatIsNotAWidthIsRefusedClearly() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> VectorWidth.check("wide"));
        assertTrue(e.getMessage().contains("nnc.cpu.vectorBits must be 128, 256 or 512, not `wide`"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> VectorWidth.check("1024"));
        assertDoesNotThrow(() -> VectorWidth.check(null));
        assertDoesNotThrow(() -> VectorWidth.check("256"));
        assertEquals(512, VectorWidth.bits(512, "wide", INTEL), "left to check()");
    }
}
