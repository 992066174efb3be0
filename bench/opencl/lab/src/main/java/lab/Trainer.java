package lab;

import com.aparapi.ProfileInfo;
import com.aparapi.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/** Drives DenseKernel the way generated code will: explicit buffers, put weights once, per step put(batch) + passes + get(loss). */
public final class Trainer {
    public final DenseKernel k;
    public final int batch, in, units;
    final Range rowsByUnits, rows, params;
    /** Every ProfileInfo of every execute/get since the last clear (only filled when profiling is on). */
    public final List<ProfileInfo> log = new ArrayList<>();

    public Trainer(int batch, int in, int units, long seed) {
        this(batch, in, units, seed, 0);
    }

    public Trainer(int batch, int in, int units, long seed, int minParamLength) {
        this.batch = batch; this.in = in; this.units = units;
        k = new DenseKernel(batch, in, units, minParamLength);
        Random r = new Random(seed);
        for (int i = 0; i < units * in; i++) k.w[i] = (float) (r.nextGaussian() * Math.sqrt(2.0 / in));
        k.lr = 0.05f;
        rowsByUnits = Range.create(batch * units);
        rows = Range.create(batch);
        params = Range.create(units * in + units);
        k.setExplicit(true);
        // put everything once: weights, bias, activations, grads, outputs
        k.put(k.w).put(k.b).put(k.x).put(k.t).put(k.z).put(k.y).put(k.dy).put(k.gw).put(k.gb).put(k.lossRows);
    }

    private void exec(int pass, Range range) {
        k.pass = pass;
        k.execute(range);
        record(false);
    }

    /**
     * getProfileInfo() describes the LAST execute (its W entries, its X entry) plus any get() done since (R entries);
     * it is reset by the next execute. So read it after every execute, and after a get() keep only the new R entries.
     */
    private void record(boolean afterGet) {
        List<ProfileInfo> p = k.getProfileInfo();   // null unless explicit && running on OpenCL; empty unless profiling is on
        if (p == null) return;
        for (ProfileInfo i : p) {
            if (!afterGet || String.valueOf((Object) i.getType()).equals("R")) log.add(i);
        }
    }

    /** One training step on (x, t); returns the mean loss before the update. */
    public float step(float[] x, float[] t) {
        System.arraycopy(x, 0, k.x, 0, x.length);
        System.arraycopy(t, 0, k.t, 0, t.length);
        k.put(k.x).put(k.t);                       // only the batch goes in
        exec(DenseKernel.FORWARD, rowsByUnits);
        exec(DenseKernel.RELU, rowsByUnits);
        exec(DenseKernel.LOSS_GRAD, rowsByUnits);
        exec(DenseKernel.LOSS_ROWS, rows);
        exec(DenseKernel.PARAM_GRAD, params);
        exec(DenseKernel.SGD, params);
        k.get(k.lossRows);                          // only the loss comes out
        record(true);
        float s = 0f;
        for (float v : k.lossRows) s += v;
        return s / batch;
    }

    /** Deterministic synthetic data: t = relu(x A^T) for a fixed random A. */
    public static final class Data {
        final Random r; final float[] a; final int in, units;
        public Data(int in, int units, long seed) {
            this.in = in; this.units = units; r = new Random(seed); a = new float[units * in];
            for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian() / (float) Math.sqrt(in);
        }
        public void next(float[] x, float[] t) {
            int batch = x.length / in;
            for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
            for (int q = 0; q < batch; q++)
                for (int j = 0; j < units; j++) {
                    float s = 0f;
                    for (int k = 0; k < in; k++) s += x[q * in + k] * a[j * in + k];
                    t[q * units + j] = Math.max(s, 0f);
                }
        }
    }
}
