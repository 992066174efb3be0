package lab;

import com.aparapi.Range;

public class ManyPassCheck {
    public static void main(String[] x) {
        int n = 16;
        ManyPassKernel k = new ManyPassKernel(n);
        for (int i = 0; i < n; i++) k.a[i] = (i % 5) - 2.5f;   // sum < 0
        int bad = 0;
        for (int p = 0; p < 14; p++) {
            k.pass = p;
            k.execute(Range.create(n));
            float s = 0f; for (int i = 0; i < n; i++) s += k.a[i] * (p + 1);
            for (int g = 0; g < n; g++) { float want = s > 0f ? s + g : (g > 2 ? -s : s); if (Math.abs(want - k.out[g]) > 1e-4f) bad++; }
        }
        System.out.println("RESULT ManyPassKernel 14 passes runningCL=" + k.isRunningCL() + " mismatches=" + bad);
    }
}
