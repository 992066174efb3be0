package dev.nnc.runtime.opencl;

import com.aparapi.Kernel;

/** a[i] += 1 for every work item i: a kernel for {@link OpenClRangeTest}. */
public final class IncrementKernel extends Kernel {
    public final float[] a;

    IncrementKernel(int size) {
        a = new float[size];
    }

    @Override
    public void run() {
        final int i = getGlobalId();
        a[i] = a[i] + 1f;
    }
}
