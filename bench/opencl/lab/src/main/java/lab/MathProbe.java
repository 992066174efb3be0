package lab;

import com.aparapi.Kernel;
import com.aparapi.Range;
import java.util.function.DoubleUnaryOperator;

/** Which math runs on OpenCL (PoCL) and how close it is to Java. */
public class MathProbe {
    static float[] input(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = -2f + 4f * i / (n - 1);
        return v;
    }

    static void one(String name, Kernel k, float[] in, float[] out, DoubleUnaryOperator f) {
        System.arraycopy(input(in.length), 0, in, 0, in.length);
        long t0 = System.nanoTime();
        k.execute(Range.create(in.length));
        long t1 = System.nanoTime();
        double maxRel = 0;
        for (int i = 0; i < in.length; i++) {
            double want = (float) f.applyAsDouble(in[i]);
            maxRel = Math.max(maxRel, Math.abs(out[i] - want) / Math.max(1e-6, Math.abs(want)));
        }
        System.out.printf("RESULT %-22s runningCL=%-5s maxRelErr=%.2e first execute %.0f ms%n", name, k.isRunningCL(), maxRel, (t1 - t0) / 1e6);
        k.dispose();
    }

    public static void main(String[] a) {
        int n = 256;
        KernelMathKernel km = new KernelMathKernel(n);
        System.arraycopy(input(n), 0, km.in, 0, n);
        for (int i = 0; i < n; i++) km.idx[i] = n - 1 - i + (i % 7 == 0 ? 5 : 0);   // some out of range -> clamped
        long t0 = System.nanoTime();
        km.execute(Range.create(n));
        long t1 = System.nanoTime();
        String[] names = {"exp", "log(|v|+1)", "sqrt|v|", "pow(|v|,1.5)", "max(v,.25)", "min(v,.25)", "abs", "tanh", "sigmoid(private)", "in[clamp(idx)]"};
        DoubleUnaryOperator[] fs = {Math::exp, v -> Math.log(Math.abs(v) + 1), v -> Math.sqrt(Math.abs(v)), v -> Math.pow(Math.abs(v), 1.5),
                v -> Math.max(v, 0.25), v -> Math.min(v, 0.25), Math::abs, Math::tanh, v -> 1 / (1 + Math.exp(-v)), null};
        System.out.printf("KernelMathKernel: runningCL=%s first execute %.0f ms%n", km.isRunningCL(), (t1 - t0) / 1e6);
        for (int f = 0; f < 10; f++) {
            double maxRel = 0;
            for (int i = 0; i < n; i++) {
                double want;
                if (f == 9) { int j = km.idx[i]; j = j < 0 ? 0 : (j >= n ? n - 1 : j); want = km.in[j]; }
                else want = (float) fs[f].applyAsDouble(km.in[i]);
                maxRel = Math.max(maxRel, Math.abs(km.out[i * 10 + f] - want) / Math.max(1e-6, Math.abs(want)));
            }
            System.out.printf("RESULT kernel.%-17s maxRelErr=%.2e%n", names[f], maxRel);
        }
        int bad = 0;
        for (int i = 0; i < n; i++) if (km.cnt[i] != (km.in[i] > 0f ? 1 : 0)) bad++;
        System.out.println("RESULT boolean local -> int[] mismatches=" + bad);

        MathExpKernel e = new MathExpKernel(n); one("Math.exp", e, e.in, e.out, Math::exp);
        MathLogKernel l = new MathLogKernel(n); one("Math.log", l, l.in, l.out, v -> Math.log(Math.abs(v) + 1));
        MathSqrtKernel s = new MathSqrtKernel(n); one("Math.sqrt", s, s.in, s.out, v -> Math.sqrt(Math.abs(v)));
        MathPowKernel p = new MathPowKernel(n); one("Math.pow", p, p.in, p.out, v -> Math.pow(Math.abs(v), 1.5));
        MathMaxKernel mx = new MathMaxKernel(n); one("Math.max(float)", mx, mx.in, mx.out, v -> Math.max(v, 0.25));
        MathMinKernel mn = new MathMinKernel(n); one("Math.min(float)", mn, mn.in, mn.out, v -> Math.min(v, 0.25));
        MathAbsKernel ab = new MathAbsKernel(n); one("Math.abs(float)", ab, ab.in, ab.out, Math::abs);
        MathTanhKernel th = new MathTanhKernel(n); one("Math.tanh", th, th.in, th.out, Math::tanh);
        DoubleLiteralKernel dl = new DoubleLiteralKernel(n); one("double literal 2.0", dl, dl.in, dl.out, v -> v * 2);

        LocalSumKernel ls = new LocalSumKernel(4096);
        for (int i = 0; i < 4096; i++) ls.in[i] = (i % 13) - 6;
        t0 = System.nanoTime();
        ls.execute(Range.create(4096, LocalSumKernel.GROUP));
        t1 = System.nanoTime();
        int wrong = 0;
        for (int g = 0; g < ls.partial.length; g++) {
            float want = 0; for (int i = 0; i < LocalSumKernel.GROUP; i++) want += ls.in[g * LocalSumKernel.GROUP + i];
            if (want != ls.partial[g]) wrong++;
        }
        System.out.printf("RESULT @Local+localBarrier runningCL=%s wrongGroups=%d first execute %.0f ms%n", ls.isRunningCL(), wrong, (t1 - t0) / 1e6);
    }
}
