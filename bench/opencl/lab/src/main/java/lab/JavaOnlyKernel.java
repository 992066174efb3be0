package lab;

import com.aparapi.Kernel;

public class JavaOnlyKernel extends Kernel {
    final float[] a;
    public JavaOnlyKernel(int n) { a = new float[n]; }
    @Override public void run() { a[getGlobalId()] = 1f; }
}
