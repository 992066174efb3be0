package bench;

import dev.nnc.runtime.data.Dataset;
import dev.nnc.runtime.data.Mnist;
import dev.nnc.runtime.io.Tensor;
import dev.nnc.runtime.train.TrainSettings;
import dev.nnc.runtime.train.Trainable;
import java.util.Locale;
import java.util.Map;

/**
 * Does an OpenCL trainer compute the same thing twice? Trains two instances of it side by side from the same
 * initialisation on the same MNIST batches, and a Java trainer beside them, and prints the first step at which the
 * two OpenCL instances differ (loss or any weight, bit for bit), naming the tensor and element: a difference between
 * two runs of one program is a race, a read of memory nothing wrote, or a buffer Aparapi rebuilt from the host's
 * older copy after the collector moved an array (bench/NOTES.md item 56, which this found). Each step also reports
 * the largest difference to the Java backend, so that a deterministic but different result shows too. On PoCL a
 * group's items run in order between barriers, which hides races a GPU shows.
 *
 * <p>Arguments: the generated model's trainer class (e.g. {@code bench.tiled.BenchMlpTrainer}; its OpenCL trainer
 * is the same name with {@code OpenCl} before {@code Trainer}), the device ({@code gpu} or {@code opencl-cpu}), and
 * the number of steps.
 */
public final class Determinism {

    public static void main(String[] args) throws Exception {
        Class<?> javaType = Class.forName(args[0]);
        String device = args[1];
        int steps = Integer.parseInt(args[2]);
        TrainSettings settings = (TrainSettings) javaType.getField("SETTINGS").get(null);
        int batch = settings.batch();
        Class<?> openClType = Class.forName(args[0].replaceAll("Trainer$", "OpenClTrainer"));
        Trainable a = (Trainable) openClType.getConstructor(int.class, String.class).newInstance(batch, device);
        Trainable b = (Trainable) openClType.getConstructor(int.class, String.class).newInstance(batch, device);
        Trainable reference = (Trainable) javaType.getConstructor(int.class).newInstance(batch);
        for (Trainable t : new Trainable[] {a, b, reference}) {
            t.initialize(settings.seed());
        }
        Dataset train = Mnist.load().train();
        float[] inputs = new float[batch * train.featureSize()];
        int[] labels = new int[batch];
        float lr = (float) settings.learningRate();
        for (int step = 0; step < steps; step++) {
            int first = step * batch % (train.n() - batch);
            train.copyExamples(first, batch, inputs, 0);
            System.arraycopy(train.classLabels(), first, labels, 0, batch);
            double lossA = a.trainStep(inputs, labels, null, batch, lr);
            double lossB = b.trainStep(inputs, labels, null, batch, lr);
            double lossJava = reference.trainStep(inputs, labels, null, batch, lr);
            String difference = Double.doubleToLongBits(lossA) != Double.doubleToLongBits(lossB)
                    ? String.format(Locale.ROOT, "loss %.9g against %.9g", lossA, lossB)
                    : firstDifference(a.state(), b.state());
            if (difference != null) {
                System.out.printf(Locale.ROOT, "step %d: the two %s runs differ: %s%n", step, device, difference);
                System.exit(1);
            }
            if (step % 50 == 0 || step == steps - 1) {
                System.out.printf(Locale.ROOT, "step %d: both %s runs alike; loss %.6f (Java %.6f), largest weight difference to Java %s%n",
                        step, device, lossA, lossJava, largestDifference(a.state(), reference.state()));
            }
        }
        System.out.printf("%d steps: the two %s runs are identical to the bit%n", steps, device);
    }

    private static String firstDifference(Map<String, Tensor> x, Map<String, Tensor> y) {
        for (var e : x.entrySet()) {
            float[] u = e.getValue().data(), v = y.get(e.getKey()).data();
            for (int i = 0; i < u.length; i++) {
                if (Float.floatToRawIntBits(u[i]) != Float.floatToRawIntBits(v[i])) {
                    return String.format(Locale.ROOT, "%s[%d] %.9g against %.9g", e.getKey(), i, u[i], v[i]);
                }
            }
        }
        return null;
    }

    private static String largestDifference(Map<String, Tensor> x, Map<String, Tensor> y) {
        String where = "none";
        double largest = 0;
        for (var e : x.entrySet()) {
            float[] u = e.getValue().data(), v = y.get(e.getKey()).data();
            for (int i = 0; i < u.length; i++) {
                if (Math.abs(u[i] - v[i]) > largest) {
                    largest = Math.abs(u[i] - v[i]);
                    where = String.format(Locale.ROOT, "%.3g at %s[%d]", largest, e.getKey(), i);
                }
            }
        }
        return where;
    }
}
