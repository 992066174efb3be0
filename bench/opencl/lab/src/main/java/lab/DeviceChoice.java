package lab;

import com.aparapi.Kernel;
import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.LinkedHashSet;
import java.util.List;

/** Device selection the way the runtime could do it: gpu | opencl-cpu | java | auto. */
public final class DeviceChoice {
    private DeviceChoice() {}

    /** Never throws: with no OpenCL library or no platform, the lists are simply empty. */
    public static Device choose(String want) {
        List<OpenCLDevice> gpus = OpenCLDevice.listDevices(Device.TYPE.GPU);
        List<OpenCLDevice> cpus = OpenCLDevice.listDevices(Device.TYPE.CPU);
        switch (want) {
            case "gpu": return gpus.isEmpty() ? null : gpus.get(0);
            case "opencl-cpu": return cpus.isEmpty() ? null : cpus.get(0);
            case "java": return JavaDevice.THREAD_POOL;
            default: {
                Device best = KernelManager.instance().bestDevice();   // ACC, GPU, CPU, then Java
                return best instanceof OpenCLDevice ? best : JavaDevice.THREAD_POOL;
            }
        }
    }

    /** Pin a kernel CLASS (all its instances) to one device. Call before its first execute. */
    public static void pin(Kernel k, Device d) {
        if (d instanceof OpenCLDevice && ((OpenCLDevice) d).getType() == Device.TYPE.GPU) {
            ((OpenCLDevice) d).setSharedMemory(false);   // discrete memory: CL_MEM_COPY_HOST_PTR, not USE_HOST_PTR
        }
        KernelManager.instance().setPreferredDevices(k, new LinkedHashSet<>(List.of(d)));
    }

    /** After the first execute: did it really run where we asked? Aparapi falls back to Java silently. */
    public static void check(Kernel k, Device d) {
        if (d instanceof OpenCLDevice && !k.isRunningCL()) {
            throw new IllegalStateException(k.getClass().getSimpleName() + " could not run on " + d.getShortDescription()
                    + " and fell back to Java"   // getTargetDevice() is null here when d was the only preferred device
                    + "; rerun with -Dcom.aparapi.logLevel=WARNING to see why");
        }
    }

    public static void main(String[] a) {
        for (String want : new String[]{"auto", "gpu", "opencl-cpu", "java"}) {
            Device d = choose(want);
            System.out.println("choose(" + want + ") = " + (d == null ? "none" : d.getShortDescription()));
        }
        Device cpu = choose("opencl-cpu");
        if (cpu != null) {
            AddKernel k = new AddKernel(16);
            pin(k, cpu);
            k.execute(16);
            check(k, cpu);
            System.out.println("AddKernel pinned to " + cpu.getShortDescription() + ": isRunningCL=" + k.isRunningCL());
            SwitchKernel s = new SwitchKernel(16);
            pin(s, cpu);
            s.execute(16);
            System.out.println("SwitchKernel pinned to CPU only: isRunningCL=" + s.isRunningCL() + " target=" + s.getTargetDevice() + " result a[3]=" + s.a[3]);
            try { check(s, cpu); } catch (IllegalStateException e) { System.out.println("check(): " + e.getMessage()); }
        }
        JavaOnlyKernel j = new JavaOnlyKernel(16);
        pin(j, choose("java"));
        j.execute(16);
        System.out.println("JavaOnlyKernel pinned to Java: isRunningCL=" + j.isRunningCL() + " target=" + j.getTargetDevice().getShortDescription());
    }
}
