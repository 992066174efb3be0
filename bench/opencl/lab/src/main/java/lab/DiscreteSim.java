package lab;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;

/**
 * PoCL shares host memory (Aparapi creates buffers with CL_MEM_USE_HOST_PTR because OpenCLDevice.isSharedMemory()
 * defaults to true). Setting sharedMemory=false makes Aparapi use CL_MEM_COPY_HOST_PTR: the device then owns a
 * separate copy, exactly like a discrete GPU. Args: [shared|discrete] [gc|nogc] [poison]
 */
public class DiscreteSim {
    static Object sink;
    public static void main(String[] args) {
        boolean discrete = args[0].equals("discrete"), gc = args[1].equals("gc");
        boolean poison = java.util.Arrays.asList(args).contains("poison"), pad = java.util.Arrays.asList(args).contains("pad");
        int minLen = pad ? g1RegionBytes() / 4 : 0;   // >= region/2 bytes => humongous
        Device best = KernelManager.instance().bestDevice();
        if (best instanceof OpenCLDevice) ((OpenCLDevice) best).setSharedMemory(!discrete);
        int B = 16, I = 32, U = 8, steps = 100;
        Trainer tr = new Trainer(B, I, U, 42, minLen);
        Reference ref = new Reference(B, I, U, tr.k.w, tr.k.b);
        Trainer.Data data = new Trainer.Data(I, U, 7);
        float[] x = new float[B * I], t = new float[B * U];
        float maxDiff = 0f, first = 0f, last = 0f;
        for (int s = 0; s < steps; s++) {
            data.next(x, t);
            float lk = tr.step(x, t), lr = ref.step(x, t, tr.k.lr);
            if (s == 0) first = lk;
            last = lk;
            maxDiff = Math.max(maxDiff, Math.abs(lk - lr));
            if (s == 0 && poison) java.util.Arrays.fill(tr.k.w, 0, U * I, Float.NaN);   // host copy garbage, no put()
            if (gc) { for (int g = 0; g < 2000; g++) sink = new byte[10000]; System.gc(); }
        }
        float hostW0 = tr.k.w[0];
        boolean hostSawZ = tr.k.z[0] != 0f;
        tr.k.get(tr.k.w);
        float wDiff = 0f;
        for (int i = 0; i < U * I; i++) wDiff = Math.max(wDiff, Math.abs(tr.k.w[i] - ref.w[i]));
        System.out.printf("RESULT mode=%s gc=%s poison=%s pad=%d runningCL=%s loss %.5f -> %.5f maxLossDiffVsJava=%.2e maxWDiffAfterGet=%.2e hostW0BeforeGet=%s hostZNonZeroWithoutGet=%s profileWritesOfW=%d (profiling=%s)%n",
                discrete ? "discrete" : "shared", gc, poison, minLen, tr.k.isRunningCL(), first, last, maxDiff, wDiff, hostW0, hostSawZ,
                tr.log.stream().filter(p -> String.valueOf((Object) p.getType()).equals("W") && p.getLabel().equals("w")).count(),
                Boolean.getBoolean("com.aparapi.enableProfiling"));
        tr.k.dispose();
    }

    static int g1RegionBytes() {
        var bean = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return Integer.parseInt(bean.getVMOption("G1HeapRegionSize").getValue());
    }
}
