package lab;

import com.aparapi.Kernel;

/** Same idea with a Java switch: does Aparapi translate tableswitch (Config.enableSWITCH is false by default)? */
public class SwitchKernel extends Kernel {
    int pass;
    final float[] a;
    public SwitchKernel(int n) { a = new float[n]; }
    @Override
    public void run() {
        int i = getGlobalId();
        switch (pass) {
            case 0: a[i] = i; break;
            case 1: a[i] = a[i] * 2f; break;
            case 2: a[i] = a[i] + 1f; break;
            default: a[i] = -1f;
        }
    }
}
