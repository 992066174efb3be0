package lab;

import com.aparapi.Range;
import java.util.Random;

/** Does a GC that moves the Java arrays make Aparapi re-create (re-upload) the OpenCL buffers? Run with -Dcom.aparapi.enableVerboseJNI=true. */
public class GcProbe {
    static Object sink;
    public static void main(String[] a) {
        int B = 8, I = Integer.getInteger("in", 16), U = Integer.getInteger("units", 4);
        DenseKernel k = new DenseKernel(B, I, U);
        Random r = new Random(1);
        for (int i = 0; i < k.w.length; i++) k.w[i] = (float) r.nextGaussian() * 0.3f;
        k.setExplicit(true);
        k.put(k.x).put(k.t).put(k.w).put(k.b).put(k.z).put(k.y).put(k.dy).put(k.gw).put(k.gb).put(k.lossRows);
        k.lr = 0.1f;
        for (int step = 0; step < 4; step++) {
            System.err.println("=== step " + step);
            for (int i = 0; i < k.x.length; i++) k.x[i] = (float) r.nextGaussian();
            k.put(k.x).put(k.t);
            int[][] plan = {{DenseKernel.FORWARD, B * U}, {DenseKernel.RELU, B * U}, {DenseKernel.LOSS_GRAD, B * U},
                    {DenseKernel.LOSS_ROWS, B}, {DenseKernel.PARAM_GRAD, U * I + U}, {DenseKernel.SGD, U * I + U}};
            for (int[] p : plan) { k.pass = p[0]; k.execute(Range.create(p[1])); }
            k.get(k.lossRows);
            if (a.length > 0) { for (int g = 0; g < 1000; g++) sink = new byte[10000]; System.gc(); }
        }
        k.dispose();
    }
}
