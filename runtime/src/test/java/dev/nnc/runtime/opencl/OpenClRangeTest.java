package dev.nnc.runtime.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.Range;
import com.aparapi.device.Device;
import org.junit.jupiter.api.Test;

/**
 * A pass's work groups keep to the largest group the kernel runs in on its device: NVIDIA's H100 allows groups of
 * 1024, which Aparapi picks from, and a kernel of all an MLP's passes only 256 (seen: "local size 800 exceeds
 * maximum kernel allowed local size of 256", and the run failed).
 */
class OpenClRangeTest {

    @Test
    void theLargestDivisorTilesTheRange() {
        assertEquals(256, OpenCl.largestDivisor(12800, 256));
        assertEquals(250, OpenCl.largestDivisor(1000, 256));
        assertEquals(256, OpenCl.largestDivisor(100352, 256));
        assertEquals(10, OpenCl.largestDivisor(10, 256));
        assertEquals(1, OpenCl.largestDivisor(97, 64));
        assertEquals(1, OpenCl.largestDivisor(1, 256));
    }

    @Test
    void aRangeKeepsToTheKernelsLargestGroup() {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty(), "no OpenCL CPU device");
        Device device = OpenCl.device("opencl-cpu");
        int aparapis = Range.create(device, 12800).getLocalSize(0);
        assumeTrue(aparapis > 1, "Aparapi runs this range in groups of 1 here");
        assertEquals(aparapis, OpenCl.range(device, 12800, 0, aparapis).getLocalSize(0), "Aparapi's choice when the kernel allows it");
        int local = OpenCl.range(device, 12800, 0, aparapis - 1).getLocalSize(0);
        assertTrue(local <= aparapis - 1 && 12800 % local == 0, "groups of " + local);
        assertEquals(12800, OpenCl.range(device, 12800, 0, aparapis - 1).getGlobalSize(0));
    }

    @Test
    void aKernelThatFailsOnItsDeviceIsAClearError() {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty(), "no OpenCL CPU device");
        Device device = OpenCl.device("opencl-cpu");
        IncrementKernel kernel = new IncrementKernel(1 << 14);
        int max = OpenCl.maxGroupSize(kernel, device);
        OpenCl.execute(kernel, OpenCl.range(device, 1 << 14, 0, max), device);
        assertTrue(kernel.isRunningCL());
        kernel.get(kernel.a);
        assertEquals(1f, kernel.a[(1 << 14) - 1]);
        assumeTrue(2 * max <= 1 << 14, "the kernel's groups are as large as the range");
        // groups larger than the kernel allows: the device refuses them, as NVIDIA's did groups of 800 for 256
        OpenCl.DeviceFailure e = assertThrows(OpenCl.DeviceFailure.class,
                () -> OpenCl.execute(kernel, Range.create(device, 1 << 14, 2 * max), device));
        assertTrue(e.getMessage().contains("IncrementKernel failed on"), e.getMessage());
    }

    @Test
    void aTiledPassTooLargeForTheKernelIsAClearError() {
        assumeTrue(!OpenCl.devices(Device.TYPE.CPU).isEmpty(), "no OpenCL CPU device");
        Device device = OpenCl.device("opencl-cpu");
        assertEquals(256, OpenCl.range(device, 1024, 256, 256).getLocalSize(0));
        OpenCl.DeviceFailure e = assertThrows(OpenCl.DeviceFailure.class, () -> OpenCl.range(device, 1024, 256, 128));
        assertTrue(e.getMessage().contains("groups of at most 128") && e.getMessage().contains("without --tiled"), e.getMessage());
    }
}
