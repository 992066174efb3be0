package lab;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.LinkedHashSet;
import java.util.List;

/** What devices exist, what Aparapi picks, how to force one, and what a fallback looks like. */
public class DeviceReport {
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        List<OpenCLDevice> gpus = OpenCLDevice.listDevices(Device.TYPE.GPU);
        List<OpenCLDevice> cpus = OpenCLDevice.listDevices(Device.TYPE.CPU);
        List<OpenCLDevice> all = OpenCLDevice.listDevices(null);
        long t1 = System.nanoTime();
        System.out.printf("listDevices: %.0f ms; GPU=%d CPU=%d all=%d%n", (t1 - t0) / 1e6, gpus.size(), cpus.size(), all.size());
        for (OpenCLDevice d : all) {
            System.out.printf("  %s type=%s name='%s' platform='%s' CUs=%d globalMem=%dMB maxAlloc=%dMB local=%dKB maxWG=%d shared=%s%n",
                    d.getShortDescription(), d.getType(), d.getName(), d.getOpenCLPlatform().getName(), d.getMaxComputeUnits(),
                    d.getGlobalMemSize() >> 20, d.getMaxMemAllocSize() >> 20, d.getLocalMemSize() >> 10, d.getMaxWorkGroupSize(), d.isSharedMemory());
        }
        Device best = KernelManager.instance().bestDevice();
        System.out.println("KernelManager.bestDevice() = " + (best == null ? null : best.getShortDescription() + " (" + best.getClass().getSimpleName() + ", type " + best.getType() + ")"));
        System.out.println("default preferred = " + KernelManager.instance().getDefaultPreferences().getPreferredDevices(null));
        @SuppressWarnings("deprecation") Device firstGpu = Device.firstGPU();
        System.out.println("Device.firstGPU() = " + firstGpu);

        // 1) default choice
        AddKernel k = new AddKernel(1024);
        System.out.println("before execute: isRunningCL=" + k.isRunningCL() + " target=" + k.getTargetDevice().getShortDescription());
        long a = System.nanoTime();
        k.execute(Range.create(1024));
        long b = System.nanoTime();
        k.execute(Range.create(1024));
        long c = System.nanoTime();
        System.out.printf("AddKernel default: first execute %.1f ms, second %.3f ms; isRunningCL=%s target=%s%n",
                (b - a) / 1e6, (c - b) / 1e6, k.isRunningCL(), k.getTargetDevice().getShortDescription());
        long sum = 0; int n = 200;
        for (int i = 0; i < n; i++) { long s = System.nanoTime(); k.execute(Range.create(1024)); sum += System.nanoTime() - s; }
        System.out.printf("AddKernel default: mean of %d tiny (1024) executes %.3f ms%n", n, sum / 1e6 / n);

        // 2) force Java thread pool for one kernel class (preferences are per Kernel CLASS, not per instance)
        Kernel j = new JavaOnlyKernel(16);
        KernelManager.instance().setPreferredDevices(j, new LinkedHashSet<>(List.of(JavaDevice.THREAD_POOL)));
        j.execute(16);
        System.out.println("JavaOnlyKernel forced JTP: isRunningCL=" + j.isRunningCL() + " target=" + j.getTargetDevice().getShortDescription());

        // 3) force a specific OpenCL device through the Range
        if (!cpus.isEmpty()) {
            AddKernel k2 = new AddKernel(64);
            k2.execute(Range.create(cpus.get(0), 64));
            System.out.println("Range.create(cpuDevice, 64): isRunningCL=" + k2.isRunningCL() + " target=" + k2.getTargetDevice().getShortDescription());
        }
        k.dispose();
    }
}
