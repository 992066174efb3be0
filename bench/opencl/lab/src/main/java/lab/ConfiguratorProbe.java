package lab;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;

/** OpenCLDevice.setConfigurator runs for each device when Aparapi enumerates them. */
public class ConfiguratorProbe {
    public static void main(String[] a) {
        OpenCLDevice.setConfigurator(d -> {
            System.out.println("configure(" + d.getShortDescription() + ", " + d.getType() + ")");
            d.setSharedMemory(false);
        });
        for (OpenCLDevice d : OpenCLDevice.listDevices(null)) System.out.println(d.getShortDescription() + " shared=" + d.isSharedMemory());
        Device best = KernelManager.instance().bestDevice();
        System.out.println("best " + best.getShortDescription() + " shared=" + ((OpenCLDevice) best).isSharedMemory());
    }
}
