package lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class KernelFeaturesTest {
    static boolean openCl() {
        return KernelManager.instance().bestDevice() instanceof OpenCLDevice;
    }

    @Test
    void kernelMathHelpersIntArraysAndBooleansRunOnOpenCl() {
        assumeTrue(openCl());
        int n = 256;
        KernelMathKernel k = new KernelMathKernel(n);
        for (int i = 0; i < n; i++) { k.in[i] = -2f + 4f * i / (n - 1); k.idx[i] = n - 1 - i; }
        k.execute(Range.create(n));
        assertTrue(k.isRunningCL());
        for (int i = 0; i < n; i++) {
            float v = k.in[i];
            assertEquals((float) Math.exp(v), k.out[i * 10], 1e-6f * Math.max(1f, (float) Math.exp(v)));
            assertEquals((float) Math.tanh(v), k.out[i * 10 + 7], 1e-6f);
            assertEquals((float) (1 / (1 + Math.exp(-v))), k.out[i * 10 + 8], 1e-6f);
            assertEquals(k.in[n - 1 - i], k.out[i * 10 + 9]);
            assertEquals(v > 0f ? 1 : 0, k.cnt[i]);
        }
        k.dispose();
    }

    /** One kernel class, 1-D and 2-D ranges for different passes, explicit mode. */
    @Test
    void twoDimensionalRangeForOnePassOneDimensionalForAnother() {
        assumeTrue(openCl());
        int b = 5, in = 7, u = 3;
        DenseKernel k = new DenseKernel(b, in, u);
        for (int i = 0; i < k.x.length; i++) k.x[i] = (i % 5) - 2f;
        for (int i = 0; i < k.w.length; i++) k.w[i] = (i % 3) * 0.5f - 0.25f;
        for (int i = 0; i < u; i++) k.b[i] = i;
        k.setExplicit(true);
        k.put(k.x).put(k.w).put(k.b).put(k.z);
        k.pass = DenseKernel.FORWARD;
        k.execute(Range.create(b * u));
        k.get(k.z);
        float[] oneD = k.z.clone();
        java.util.Arrays.fill(k.z, -1f);
        k.put(k.z);
        k.pass = DenseKernel.FORWARD_2D;
        k.execute(Range.create2D(u, b));
        k.get(k.z);
        assertTrue(k.isRunningCL());
        assertEquals(java.util.Arrays.toString(oneD), java.util.Arrays.toString(k.z));
        for (int r = 0; r < b; r++)
            for (int j = 0; j < u; j++) {
                float want = k.b[j];
                for (int q = 0; q < in; q++) want += k.x[r * in + q] * k.w[j * in + q];
                assertEquals(want, oneD[r * u + j], 1e-5f);
            }
        k.dispose();
    }

    @Test
    void localMemoryAndBarriersWork() {
        assumeTrue(openCl());
        LocalSumKernel k = new LocalSumKernel(4096);
        for (int i = 0; i < 4096; i++) k.in[i] = (i % 13) - 6;
        k.execute(Range.create(4096, LocalSumKernel.GROUP));
        assertTrue(k.isRunningCL());
        for (int g = 0; g < k.partial.length; g++) {
            float want = 0;
            for (int i = 0; i < LocalSumKernel.GROUP; i++) want += k.in[g * LocalSumKernel.GROUP + i];
            assertEquals(want, k.partial[g]);
        }
        k.dispose();
    }

    /** Unsupported code is not an exception: Aparapi logs a warning and silently runs the kernel in Java. */
    @Test
    void switchAndElseIfChainsFallBackToJava() {
        assumeTrue(openCl());
        SwitchKernel s = new SwitchKernel(8);
        s.execute(8);
        assertFalse(s.isRunningCL());                        // TABLESWITCH not supported
        assertEquals(JavaDevice.THREAD_POOL, s.getTargetDevice());

        DenseKernelElseIf e = new DenseKernelElseIf(2, 4, 2);
        e.execute(4);
        assertFalse(e.isRunningCL());                        // "child list broken"

        DenseKernel flat = new DenseKernel(2, 4, 2);         // same code as flat if (pass == K) blocks
        flat.execute(4);
        assertTrue(flat.isRunningCL());
        s.dispose(); e.dispose(); flat.dispose();
    }

    @Test
    void devicesCanBeListedAndForced() {
        List<OpenCLDevice> gpus = OpenCLDevice.listDevices(Device.TYPE.GPU);
        List<OpenCLDevice> cpus = OpenCLDevice.listDevices(Device.TYPE.CPU);
        Device best = KernelManager.instance().bestDevice();
        if (!gpus.isEmpty()) assertEquals(Device.TYPE.GPU, best.getType());
        else if (!cpus.isEmpty()) assertEquals(Device.TYPE.CPU, best.getType());
        else assertTrue(best instanceof JavaDevice);

        // per kernel CLASS: force Java
        JavaOnlyKernel j = new JavaOnlyKernel(4);
        KernelManager.instance().setPreferredDevices(j, new LinkedHashSet<>(List.of(JavaDevice.THREAD_POOL)));
        j.execute(4);
        assertFalse(j.isRunningCL());
        assertEquals(1f, j.a[3]);
        j.dispose();
    }
}
