package lab;

import com.aparapi.Kernel;

/** else-if chain whose branches only call private methods (one per pass). */
public class DenseKernelMethods extends Kernel {
    int batch, in, units, pass;
    float lr;
    final float[] x, t, w, b, z, y, dy, gw, gb, lossRows;

    public DenseKernelMethods(int batch, int in, int units) {
        this.batch = batch; this.in = in; this.units = units;
        x = new float[batch * in]; t = new float[batch * units];
        w = new float[units * in]; b = new float[units];
        z = new float[batch * units]; y = new float[batch * units]; dy = new float[batch * units];
        gw = new float[units * in]; gb = new float[units];
        lossRows = new float[batch];
    }

    private void forward(int gid) {
        int r = gid / units, j = gid % units;
        float s = b[j];
        for (int k = 0; k < in; k++) {
            s += x[r * in + k] * w[j * in + k];
        }
        z[gid] = s;
    }

    private void relu(int gid) { y[gid] = max(z[gid], 0f); }

    private void lossGrad(int gid) {
        float d = y[gid] - t[gid];
        dy[gid] = z[gid] > 0f ? d / batch : 0f;
    }

    private void sgd(int gid) {
        if (gid < units * in) {
            w[gid] -= lr * gw[gid];
        } else {
            b[gid - units * in] -= lr * gb[gid - units * in];
        }
    }

    @Override
    public void run() {
        int gid = getGlobalId();
        if (pass == 0) {
            forward(gid);
        } else if (pass == 1) {
            relu(gid);
        } else if (pass == 3) {
            lossGrad(gid);
        } else if (pass == 2) {
            sgd(gid);
        }
    }
}
