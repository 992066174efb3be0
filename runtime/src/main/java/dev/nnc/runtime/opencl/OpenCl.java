package dev.nnc.runtime.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.util.List;

/**
 * OpenCL devices as Aparapi sees them. Only this package touches Aparapi, and only when an OpenCL
 * device is asked for, so applications that run models on the CPU never load it.
 */
public final class OpenCl {
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
     * Fails unless {@code kernel}'s last execute ran on OpenCL: Aparapi falls back to running a kernel
     * in Java when the device fails or the translation does, with only a log line. Returns true.
     */
    public static boolean requireOnDevice(com.aparapi.Kernel kernel, Device device) {
        if (!kernel.isRunningCL()) {
            throw new DeviceFailure("the OpenCL kernel " + kernel.getClass().getSimpleName() + " could not run on " + describe(device)
                    + " and Aparapi fell back to Java; run with -Dcom.aparapi.enableShowGeneratedOpenCL=true to see why"
                    + " (a kernel class compiled without javac -g fails so: Aparapi needs its local variables' names)");
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
