package lab;

import com.aparapi.Kernel;

/** Tiny element-wise kernel used for device and timing probes. */
public class AddKernel extends Kernel {
    final float[] a, b, c;
    public AddKernel(int n) { a = new float[n]; b = new float[n]; c = new float[n]; }
    @Override public void run() { int i = getGlobalId(); c[i] = a[i] + b[i]; }
}
