package lab;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.internal.kernel.KernelDeviceProfile;
import com.aparapi.internal.kernel.KernelManager;
import com.aparapi.internal.kernel.ProfilingEvent;

/** First-execute cost split by Aparapi's own stages, then steady-state cost of tiny executes and of a training step. */
public class Timing {
    static void stages(Kernel k, String label, double wallMs) {
        KernelDeviceProfile p = KernelManager.instance().getProfile(k.getClass()).getLastDeviceProfile();
        StringBuilder sb = new StringBuilder();
        for (ProfilingEvent e : ProfilingEvent.values()) {
            if (e == ProfilingEvent.START) continue;
            sb.append(String.format(" %s=%.1f", e, p.getElapsedTimeLastThread(e.ordinal())));
        }
        System.out.printf("%s: wall %.1f ms |%s (ms)%n", label, wallMs, sb);
    }

    public static void main(String[] a) {
        AddKernel add = new AddKernel(1024);
        long t0 = System.nanoTime();
        add.execute(Range.create(1024));
        stages(add, "AddKernel first execute", (System.nanoTime() - t0) / 1e6);
        t0 = System.nanoTime();
        add.execute(Range.create(1024));
        stages(add, "AddKernel second execute", (System.nanoTime() - t0) / 1e6);
        int n = 1000;
        add.setExplicit(true);                 // no implicit copies: pure launch overhead
        Range r = Range.create(1024);
        add.execute(r);
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) add.execute(r);
        System.out.printf("AddKernel explicit, %d executes of 1024: %.3f ms each%n", n, (System.nanoTime() - t0) / 1e6 / n);
        add.setExplicit(false);
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) add.execute(r);
        System.out.printf("AddKernel implicit (copies a,b,c each time), %d executes of 1024: %.3f ms each%n", n, (System.nanoTime() - t0) / 1e6 / n);

        // new local sizes: PoCL builds a work-group function per local size on first use (global <= array length! no bounds checks in OpenCL)
        for (int g : new int[]{1000, 1000, 999, 512, 512}) {
            t0 = System.nanoTime();
            add.execute(Range.create(g));
            System.out.printf("AddKernel execute global=%d (local=%d): %.1f ms%n", g, Range.create(g).getLocalSize(0), (System.nanoTime() - t0) / 1e6);
        }

        int B = 32, I = 784, U = 128;
        t0 = System.nanoTime();
        Trainer tr = new Trainer(B, I, U, 1);
        Trainer.Data d = new Trainer.Data(I, U, 2);
        float[] x = new float[B * I], t = new float[B * U];
        d.next(x, t);
        tr.step(x, t);
        System.out.printf("DenseKernel (%dx%d->%d) first training step incl. compile: %.0f ms%n", B, I, U, (System.nanoTime() - t0) / 1e6);
        t0 = System.nanoTime();
        int steps = 100;
        for (int s = 0; s < steps; s++) tr.step(x, t);
        System.out.printf("DenseKernel steady training step (6 executes + put x,t + get loss): %.2f ms%n", (System.nanoTime() - t0) / 1e6 / steps);
    }
}
