package bench;

import com.aparapi.device.Device;
import dev.nnc.runtime.opencl.OpenCl;

/**
 * The OpenCL devices present, one {@code kind=description} line each for the kinds a trainer's
 * {@code --device} takes: {@code opencl-cpu} (PoCL's CPU device, say) and {@code gpu}. Prints nothing
 * without an OpenCL driver.
 */
public final class OpenClDevices {

    public static void main(String[] args) {
        if (!OpenCl.devices(Device.TYPE.CPU).isEmpty()) {
            System.out.println("opencl-cpu=" + OpenCl.describe(OpenCl.device("opencl-cpu")));
        }
        if (OpenCl.gpuPresent()) {
            System.out.println("gpu=" + OpenCl.describe(OpenCl.device("gpu")));
        }
    }
}
