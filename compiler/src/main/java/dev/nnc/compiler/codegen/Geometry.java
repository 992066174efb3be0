package dev.nnc.compiler.codegen;

import dev.nnc.compiler.ir.Node;
import dev.nnc.compiler.ir.Op;
import dev.nnc.compiler.ir.Window;

/** The sizes a convolution or pooling kernel is specialised for: input C×H×W, output F×H'×W', the window. */
record Geometry(int c, int h, int w, int f, int oh, int ow, Window win) {

    static Geometry of(Layout l, Node n) {
        Node in = l.node(n.inputs().get(0));
        Window win = n.op() instanceof Op.Conv2d c ? c.window() : ((Op.Pool) n.op()).window();
        return new Geometry(in.shape().dim(0), in.shape().dim(1), in.shape().dim(2), n.shape().dim(0), n.shape().dim(1),
                n.shape().dim(2), win);
    }

    /** Values per input example. */
    int in() {
        return c * h * w;
    }

    /** Values per output example. */
    int out() {
        return f * oh * ow;
    }

    int pixels() {
        return oh * ow;
    }

    /** Rows of the unrolled windows: C·kh·kw. */
    int patch() {
        return c * win.kernelH() * win.kernelW();
    }
}
