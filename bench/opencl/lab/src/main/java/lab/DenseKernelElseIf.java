package lab;

import com.aparapi.Kernel;

/** BROKEN ON APARAPI 3.0.2: an else-if chain over pass with loops inside -> "child list broken", Java fallback.
 *
 * One kernel class per model, several passes selected by the int field {@code pass}.
 * Model: y = relu(x W^T + b), loss = 0.5 * sum (y - t)^2 / batch, trained with SGD.
 * All arrays are flat float[]; every size is an int field (the generator would make them constants).
 */
public class DenseKernelElseIf extends Kernel {
    public static final int FORWARD = 0, RELU = 1, SGD = 2, LOSS_GRAD = 3, LOSS_ROWS = 4, PARAM_GRAD = 5;

    // sizes
    int batch, in, units;
    // current pass and hyper-parameters
    int pass;
    float lr;
    // device-resident tensors
    final float[] x;      // [batch, in]   input batch (put every step)
    final float[] t;      // [batch, units] targets   (put every step)
    final float[] w;      // [units, in]   weights    (put once)
    final float[] b;      // [units]       bias       (put once)
    final float[] z;      // [batch, units] pre-activation
    final float[] y;      // [batch, units] activation
    final float[] dy;     // [batch, units] dLoss/dz
    final float[] gw;     // [units, in]
    final float[] gb;     // [units]
    final float[] lossRows; // [batch]     the only thing read back per step

    public DenseKernelElseIf(int batch, int in, int units) {
        this.batch = batch; this.in = in; this.units = units;
        x = new float[batch * in]; t = new float[batch * units];
        w = new float[units * in]; b = new float[units];
        z = new float[batch * units]; y = new float[batch * units]; dy = new float[batch * units];
        gw = new float[units * in]; gb = new float[units];
        lossRows = new float[batch];
    }

    @Override
    public void run() {
        int gid = getGlobalId();
        if (pass == FORWARD) {                  // range batch*units
            int r = gid / units, j = gid % units;
            float s = b[j];
            for (int k = 0; k < in; k++) {
                s += x[r * in + k] * w[j * in + k];
            }
            z[gid] = s;
        } else if (pass == RELU) {              // range batch*units
            y[gid] = max(z[gid], 0f);
        } else if (pass == LOSS_GRAD) {         // range batch*units
            float d = y[gid] - t[gid];
            dy[gid] = z[gid] > 0f ? d / batch : 0f;
        } else if (pass == LOSS_ROWS) {         // range batch
            float s = 0f;
            for (int j = 0; j < units; j++) {
                float d = y[gid * units + j] - t[gid * units + j];
                s += 0.5f * d * d;
            }
            lossRows[gid] = s;
        } else if (pass == PARAM_GRAD) {        // range units*in + units
            if (gid < units * in) {
                int j = gid / in, k = gid % in;
                float s = 0f;
                for (int r = 0; r < batch; r++) {
                    s += dy[r * units + j] * x[r * in + k];
                }
                gw[gid] = s;
            } else {
                int j = gid - units * in;
                float s = 0f;
                for (int r = 0; r < batch; r++) {
                    s += dy[r * units + j];
                }
                gb[j] = s;
            }
        } else if (pass == SGD) {               // range units*in + units
            if (gid < units * in) {
                w[gid] -= lr * gw[gid];
            } else {
                b[gid - units * in] -= lr * gb[gid - units * in];
            }
        }
    }
}
