package lab;

import com.aparapi.Kernel;

/*
 * Package-private top-level classes (not nested): each is compiled to its own OpenCL program.
 * If any bytecode in run() cannot be translated, the WHOLE class falls back to Java,
 * so the java.lang.Math variants are one class per function.
 */

/** Kernel's own protected float math methods, a private helper, int[] arrays, boolean/int/float locals. */
class KernelMathKernel extends Kernel {
    final float[] in;
    final float[] out;   // 10 results per element
    final int[] idx;     // int[] input
    final int[] cnt;     // int[] output
    int n;

    KernelMathKernel(int n) {
        this.n = n; in = new float[n]; out = new float[n * 10]; idx = new int[n]; cnt = new int[n];
    }

    private float sigmoid(float v) {          // private helper method
        return 1f / (1f + exp(-v));
    }

    private int clampIndex(int i, int hi) {   // private helper on ints
        return i < 0 ? 0 : (i >= hi ? hi - 1 : i);
    }

    @Override
    public void run() {
        int i = getGlobalId();
        float v = in[i];
        boolean positive = v > 0f;           // boolean local
        int j = clampIndex(idx[i], n);       // int local from int[] array
        out[i * 10 + 0] = exp(v);
        out[i * 10 + 1] = log(abs(v) + 1f);
        out[i * 10 + 2] = sqrt(abs(v));
        out[i * 10 + 3] = pow(abs(v), 1.5f);
        out[i * 10 + 4] = max(v, 0.25f);
        out[i * 10 + 5] = min(v, 0.25f);
        out[i * 10 + 6] = abs(v);
        out[i * 10 + 7] = tanh(v);
        out[i * 10 + 8] = sigmoid(v);
        out[i * 10 + 9] = in[j];
        cnt[i] = positive ? 1 : 0;
    }
}

class MathExpKernel extends Kernel {
    final float[] in, out; MathExpKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = (float) Math.exp(in[i]); }
}
class MathLogKernel extends Kernel {
    final float[] in, out; MathLogKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = (float) Math.log(Math.abs(in[i]) + 1f); }
}
class MathSqrtKernel extends Kernel {
    final float[] in, out; MathSqrtKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = (float) Math.sqrt(Math.abs(in[i])); }
}
class MathPowKernel extends Kernel {
    final float[] in, out; MathPowKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = (float) Math.pow(Math.abs(in[i]), 1.5f); }
}
class MathMaxKernel extends Kernel {
    final float[] in, out; MathMaxKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = Math.max(in[i], 0.25f); }
}
class MathMinKernel extends Kernel {
    final float[] in, out; MathMinKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = Math.min(in[i], 0.25f); }
}
class MathAbsKernel extends Kernel {
    final float[] in, out; MathAbsKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = Math.abs(in[i]); }
}
class MathTanhKernel extends Kernel {
    final float[] in, out; MathTanhKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = (float) Math.tanh(in[i]); }
}
/** A double literal in float code (2.0 instead of 2f). */
class DoubleLiteralKernel extends Kernel {
    final float[] in, out; DoubleLiteralKernel(int n) { in = new float[n]; out = new float[n]; }
    @Override public void run() { int i = getGlobalId(); out[i] = (float) (in[i] * 2.0); }
}
