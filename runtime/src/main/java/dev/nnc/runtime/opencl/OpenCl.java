package dev.nnc.runtime.opencl;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.exception.QueryFailedException;
import java.util.List;

/**
 * OpenCL devices as Aparapi sees them. Only this package touches Aparapi, and only when an OpenCL
 * device is asked for, so applications that run models on the CPU never load it.
 */
public final class OpenCl {
    private static final String SEE_WHY = "; run with -Dcom.aparapi.enableShowGeneratedOpenCL=true to see why"
            + " (a kernel class compiled without javac -g fails so: Aparapi needs its local variables' names)";

    private OpenCl() {}

    /** Whether Aparapi is on the class path at all. */
    public static boolean onClassPath() {
        try {
            Class.forName("com.aparapi.Kernel", false, OpenCl.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The devices of {@code type} that OpenCL reports; empty when there is no OpenCL driver. */
    public static List<OpenCLDevice> devices(Device.TYPE type) {
        try {
            return OpenCLDevice.listDevices(type);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return List.of();
        }
    }

    /** A GPU is present: the default device then. */
    public static boolean gpuPresent() {
        return onClassPath() && !devices(Device.TYPE.GPU).isEmpty();
    }

    /** The device for {@code --device gpu} or {@code --device opencl-cpu}; fails with what is missing. */
    public static Device device(String kind) {
        Device.TYPE type = switch (kind) {
            case "gpu" -> Device.TYPE.GPU;
            case "opencl-cpu" -> Device.TYPE.CPU;
            default -> throw new IllegalArgumentException("no OpenCL device kind `" + kind + "`; expected gpu or opencl-cpu");
        };
        List<OpenCLDevice> found = devices(type);
        if (found.isEmpty()) {
            throw new IllegalStateException("no OpenCL " + (type == Device.TYPE.GPU ? "GPU" : "CPU device") + " found"
                    + (type == Device.TYPE.CPU ? "; on Debian, `apt-get install pocl-opencl-icd ocl-icd-libopencl1` provides one" : ""));
        }
        return found.get(0);
    }

    /**
     * The largest work group {@code kernel} can run in on {@code device}: on a GPU, often less than the device's
     * own maximum (NVIDIA's H100 allows 1024, a kernel of all a model's passes 256). Compiles the kernel.
     */
    public static int maxGroupSize(Kernel kernel, Device device) {
        try {
            return kernel.getKernelMaxWorkGroupSize(device);
        } catch (QueryFailedException e) {
            throw new DeviceFailure("the OpenCL kernel " + kernel.getClass().getSimpleName() + " could not be compiled for "
                    + describe(device) + " (" + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) + ")" + SEE_WHY);
        }
    }

    /**
     * {@code size} work items in groups of {@code local} when it is positive (a pass sharing local memory), else in
     * Aparapi's choice of groups, made smaller when the kernel allows no more than {@code maxGroup} items a group.
     */
    public static Range range(Device device, int size, int local, int maxGroup) {
        if (local > 0) {
            if (local > maxGroup) {
                throw new DeviceFailure("the OpenCL kernel needs work groups of " + local + " items, and " + describe(device)
                        + " runs it in groups of at most " + maxGroup + "; compile the model without --tiled");
            }
            return Range.create(device, size, local);
        }
        Range range = Range.create(device, size);
        return range.getLocalSize(0) <= maxGroup ? range : Range.create(device, size, largestDivisor(size, maxGroup));
    }

    /** The largest divisor of {@code size} no greater than {@code limit}: a work group size that tiles the range. */
    static int largestDivisor(int size, int limit) {
        for (int d = Math.min(size, limit); d > 1; d--) {
            if (size % d == 0) {
                return d;
            }
        }
        return 1;
    }

    /**
     * Runs {@code kernel} over {@code range}. When the device fails, Aparapi logs why and tries the next device, which
     * a range made for one device refuses with an {@code AssertionError}: that becomes a {@link DeviceFailure}.
     */
    public static void execute(Kernel kernel, Range range, Device device) {
        try {
            kernel.execute(range);
        } catch (AssertionError e) {
            throw new DeviceFailure("the OpenCL kernel " + kernel.getClass().getSimpleName() + " failed on " + describe(device)
                    + "; Aparapi's log above says why");
        }
    }

    /**
     * Fails unless {@code kernel}'s last execute ran on OpenCL: Aparapi falls back to running a kernel
     * in Java when the device fails or the translation does, with only a log line. Returns true.
     */
    public static boolean requireOnDevice(com.aparapi.Kernel kernel, Device device) {
        if (!kernel.isRunningCL()) {
            throw new DeviceFailure("the OpenCL kernel " + kernel.getClass().getSimpleName() + " could not run on " + describe(device)
                    + " and Aparapi fell back to Java" + SEE_WHY);
        }
        return true;
    }

    /** An OpenCL kernel that cannot run on its device. */
    public static final class DeviceFailure extends IllegalStateException {
        DeviceFailure(String message) {
            super(message);
        }
    }

    /** One line about the device, for the start of a run. */
    public static String describe(Device device) {
        if (device instanceof OpenCLDevice d) {
            return d.getName().trim() + " (" + d.getOpenCLPlatform().getName().trim() + ", " + d.getMaxComputeUnits() + " compute units)";
        }
        return device.getShortDescription();
    }
}
