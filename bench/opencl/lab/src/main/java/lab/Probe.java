package lab;

import com.aparapi.ProfileInfo;
import com.aparapi.Range;
import java.util.List;
import java.util.Random;

public class Probe {
    public static void main(String[] a) {
        int B = 8, I = 16, U = 4;
        DenseKernel k = new DenseKernel(B, I, U);
        Random r = new Random(1);
        for (int i = 0; i < k.w.length; i++) k.w[i] = (float) r.nextGaussian() * 0.3f;
        System.out.println("isRunningCL before execute=" + k.isRunningCL() + " target=" + k.getTargetDevice().getShortDescription());
        k.setExplicit(true);
        k.put(k.x).put(k.t).put(k.w).put(k.b).put(k.z).put(k.y).put(k.dy).put(k.gw).put(k.gb).put(k.lossRows);
        k.lr = 0.1f;
        for (int step = 0; step < 3; step++) {
            for (int i = 0; i < k.x.length; i++) k.x[i] = (float) r.nextGaussian();
            for (int i = 0; i < k.t.length; i++) k.t[i] = (float) r.nextGaussian();
            k.put(k.x).put(k.t);
            int[][] plan = {{DenseKernel.FORWARD, B * U}, {DenseKernel.RELU, B * U}, {DenseKernel.LOSS_GRAD, B * U},
                    {DenseKernel.LOSS_ROWS, B}, {DenseKernel.PARAM_GRAD, U * I + U}, {DenseKernel.SGD, U * I + U}};
            for (int[] p : plan) {
                k.pass = p[0];
                long t0 = System.nanoTime();
                k.execute(Range.create(p[1]));
                long t1 = System.nanoTime();
                List<ProfileInfo> infos = k.getProfileInfo();
                System.out.printf("step %d pass %d: %.3f ms  execTime=%.3f convTime=%.3f%n", step, p[0], (t1 - t0) / 1e6,
                        k.getExecutionTime(), k.getConversionTime());
                if (infos != null) for (ProfileInfo pi : infos) System.out.println("   " + pi);
                else System.out.println("   profileInfo=null");
            }
            k.get(k.lossRows);
            List<ProfileInfo> infos = k.getProfileInfo();
            System.out.println(" after get: " + infos);
            float loss = 0; for (float v : k.lossRows) loss += v;
            System.out.println("loss " + loss / B);
        }
        System.out.println("isRunningCL=" + k.isRunningCL() + " target=" + k.getTargetDevice().getShortDescription());
        k.dispose();
    }
}
