import dev.nnc.runtime.cpu.Gemm;
import dev.nnc.runtime.cpu.Windows;

/**
 * The matrix products of the benchmark's models, compiled once against each runtime that {@code RuntimeAB} compares and
 * loaded through that runtime's own class loader. The CNN's eight products at batch 50, as its generated code calls
 * them (the forward convolutions split by examples like {@code forEachRange}), a 1536³ cube and the MLP's three at
 * batch 100, on {@code Gemm.get()} (two threads on this machine).
 */
public final class ModelOps {
    private interface Op {
        void run();
    }

    private static final String[] NAMES = {"conv1 forward", "conv1 weight gradient", "conv2 forward", "conv2 weight gradient",
            "conv2 input gradient", "fc1 forward", "fc1 weight gradient", "fc1 input gradient", "1536³ nn", "MLP fc1 forward",
            "MLP fc1 weight gradient", "MLP fc1 input gradient"};
    private static final double[] FLOP = {2.0 * 50 * 32 * 784 * 25, 2.0 * 50 * 32 * 784 * 25, 2.0 * 50 * 64 * 196 * 800,
            2.0 * 50 * 64 * 196 * 800, 2.0 * 50 * 64 * 196 * 800, 2.0 * 50 * 1024 * 3136, 2.0 * 50 * 1024 * 3136,
            2.0 * 50 * 1024 * 3136, 2.0 * 1536 * 1536 * 1536, 2.0 * 100 * 128 * 784, 2.0 * 100 * 128 * 784, 2.0 * 100 * 128 * 784};
    private static final Op[] OPS = ops();

    private ModelOps() {}

    private static Op[] ops() {
        Gemm g = Gemm.get();
        Windows w1 = new Windows(1, 28, 28, 5, 5, 1, 1, 2, 2, 28, 28), w2 = new Windows(32, 14, 14, 5, 5, 1, 1, 2, 2, 14, 14);
        java.util.Random r = new java.util.Random(1);
        float[] in1 = random(r, 50 * 784), dy1 = random(r, 50 * 25088), k1 = random(r, 32 * 25), out1 = new float[50 * 25088];
        float[] in2 = random(r, 50 * 6272), dy2 = random(r, 50 * 12544), k2 = random(r, 64 * 800), out2 = new float[50 * 12544];
        float[] dk1 = new float[32 * 25], dk2 = new float[64 * 800], din2 = new float[50 * 6272];
        float[] x3 = random(r, 50 * 3136), w3 = random(r, 1024 * 3136), y3 = random(r, 50 * 1024);
        float[] dw3 = new float[1024 * 3136], dx3 = new float[50 * 3136];
        float[] m1 = random(r, 1536 * 1536), m2 = random(r, 1536 * 1536), m3 = new float[1536 * 1536];
        float[] xm = random(r, 100 * 784), wm = random(r, 128 * 784), ym = random(r, 100 * 128);
        float[] dwm = new float[128 * 784], dxm = new float[100 * 784];
        return new Op[] {
            () -> g.forEachRange(50, (f, t, p) -> g.nnWindows(32, k1, 0, 25, w1, in1, f * 784, 784, out1, f * 25088, 25088, t - f, false)),
            () -> g.ntWindows(32, dy1, 0, 25088, w1, in1, 0, 784, dk1, 0, 50, false),
            () -> g.forEachRange(50, (f, t, p) -> g.nnWindows(64, k2, 0, 800, w2, in2, f * 6272, 6272, out2, f * 12544, 12544, t - f, false)),
            () -> g.ntWindows(64, dy2, 0, 12544, w2, in2, 0, 6272, dk2, 0, 50, false),
            () -> g.tnWindows(64, k2, 0, 800, w2, dy2, 0, 12544, din2, 0, 6272, 50, false),
            () -> g.nt(50, 1024, 3136, x3, 0, 3136, w3, 0, 3136, y3, 0, 1024, false),
            () -> g.tn(1024, 3136, 50, y3, 0, 1024, x3, 0, 3136, dw3, 0, 3136, false),
            () -> g.nn(50, 3136, 1024, y3, 0, 1024, w3, 0, 3136, dx3, 0, 3136, false),
            () -> g.nn(1536, 1536, 1536, m1, 0, 1536, m2, 0, 1536, m3, 0, 1536, false),
            () -> g.nt(100, 128, 784, xm, 0, 784, wm, 0, 784, ym, 0, 128, false),
            () -> g.tn(128, 784, 100, ym, 0, 128, xm, 0, 784, dwm, 0, 784, false),
            () -> g.nn(100, 784, 128, ym, 0, 128, wm, 0, 784, dxm, 0, 784, false)};
    }

    private static float[] random(java.util.Random r, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    public static int count() {
        return OPS.length;
    }

    public static String name(int op) {
        return NAMES[op];
    }

    public static double flop(int op) {
        return FLOP[op];
    }

    /** Milliseconds for one call of the op. */
    public static double time(int op) {
        long start = System.nanoTime();
        OPS[op].run();
        return (System.nanoTime() - start) / 1e6;
    }
}
