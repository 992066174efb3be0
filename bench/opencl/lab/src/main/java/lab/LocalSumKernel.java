package lab;

import com.aparapi.Kernel;

/** Work-group tree reduction with @Local memory and localBarrier(): partial[g] = sum of in[g*L .. g*L+L). */
public class LocalSumKernel extends Kernel {
    public static final int GROUP = 64;
    final float[] in;
    final float[] partial;
    @Local final float[] scratch = new float[GROUP];

    public LocalSumKernel(int n) {
        in = new float[n];
        partial = new float[n / GROUP];
    }

    @Override
    public void run() {
        int lid = getLocalId();
        scratch[lid] = in[getGlobalId()];
        localBarrier();
        for (int s = GROUP / 2; s > 0; s >>= 1) {
            if (lid < s) {
                scratch[lid] += scratch[lid + s];
            }
            localBarrier();
        }
        if (lid == 0) {
            partial[getGroupId()] = scratch[0];
        }
    }
}
