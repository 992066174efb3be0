package lab;

/** Plain-Java reference for DenseKernel, same float operation order. */
public final class Reference {
    final int batch, in, units;
    final float[] w, b, z, y, dy, gw, gb;

    public Reference(int batch, int in, int units, float[] w0, float[] b0) {
        this.batch = batch; this.in = in; this.units = units;
        w = w0.clone(); b = b0.clone();
        z = new float[batch * units]; y = new float[batch * units]; dy = new float[batch * units];
        gw = new float[units * in]; gb = new float[units];
    }

    /** One SGD step; returns the mean loss computed BEFORE the update (as the kernel plan does). */
    public float step(float[] x, float[] t, float lr) {
        for (int r = 0; r < batch; r++)
            for (int j = 0; j < units; j++) {
                float s = b[j];
                for (int k = 0; k < in; k++) s += x[r * in + k] * w[j * in + k];
                z[r * units + j] = s;
            }
        for (int i = 0; i < z.length; i++) y[i] = Math.max(z[i], 0f);
        for (int i = 0; i < z.length; i++) { float d = y[i] - t[i]; dy[i] = z[i] > 0f ? d / batch : 0f; }
        float loss = 0f;
        for (int r = 0; r < batch; r++) {
            float s = 0f;
            for (int j = 0; j < units; j++) { float d = y[r * units + j] - t[r * units + j]; s += 0.5f * d * d; }
            loss += s;
        }
        for (int j = 0; j < units; j++)
            for (int k = 0; k < in; k++) {
                float s = 0f;
                for (int r = 0; r < batch; r++) s += dy[r * units + j] * x[r * in + k];
                gw[j * in + k] = s;
            }
        for (int j = 0; j < units; j++) { float s = 0f; for (int r = 0; r < batch; r++) s += dy[r * units + j]; gb[j] = s; }
        for (int i = 0; i < units * in; i++) w[i] -= lr * gw[i];
        for (int i = 0; i < units; i++) b[i] -= lr * gb[i];
        return loss / batch;
    }
}
