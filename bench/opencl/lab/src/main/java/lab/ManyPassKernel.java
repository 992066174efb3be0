package lab;

import com.aparapi.Kernel;

/** else-if chain of 14 passes, each calling a private method with a loop and nested if/else (the shape nnc's KernelEmitter generates). */
public class ManyPassKernel extends Kernel {
    int pass, len;
    final float[] a, out;
    public ManyPassKernel(int n) { a = new float[n]; out = new float[n]; len = n; }

    @Override
    public void run() {
        final int gid = getGlobalId();
        if (pass == 0) {
            p0(gid);
        } else if (pass == 1) {
            p1(gid);
        } else if (pass == 2) {
            p2(gid);
        } else if (pass == 3) {
            p3(gid);
        } else if (pass == 4) {
            p4(gid);
        } else if (pass == 5) {
            p5(gid);
        } else if (pass == 6) {
            p6(gid);
        } else if (pass == 7) {
            p7(gid);
        } else if (pass == 8) {
            p8(gid);
        } else if (pass == 9) {
            p9(gid);
        } else if (pass == 10) {
            p10(gid);
        } else if (pass == 11) {
            p11(gid);
        } else if (pass == 12) {
            p12(gid);
        } else if (pass == 13) {
            p13(gid);
        }
    }

    private void p0(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 1f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p1(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 2f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p2(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 3f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p3(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 4f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p4(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 5f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p5(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 6f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p6(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 7f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p7(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 8f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p8(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 9f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p9(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 10f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p10(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 11f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p11(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 12f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p12(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 13f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }

    private void p13(int gid) {
        float s = 0f;
        for (int k = 0; k < len; k++) {
            s += a[k] * 14f;
        }
        if (s > 0f) {
            out[gid] = s + gid;
        } else {
            out[gid] = gid > 2 ? -s : s;
        }
    }
}
