package dev.nnc.compiler.autodiff;

import dev.nnc.compiler.ir.Loss;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The loss as a function of its terms (cross-entropies, errors, l2 sums): the distinct terms, and the
 * partial derivative of the loss with respect to each, as an expression over the terms' values.
 */
public final class LossCalculus {
    private LossCalculus() {}

    /** Loss functions and l2 sums, each once, in order of appearance. */
    public static List<Loss> terms(Loss loss) {
        Set<Loss> out = new LinkedHashSet<>();
        collect(loss, out);
        return new ArrayList<>(out);
    }

    private static void collect(Loss e, Set<Loss> out) {
        if (e instanceof Loss.Binary b) {
            collect(b.left(), out);
            collect(b.right(), out);
        } else if (e instanceof Loss.Neg n) {
            collect(n.operand(), out);
        } else if (!(e instanceof Loss.Const)) {
            out.add(e);
        }
    }

    /** ∂loss/∂term, simplified where constants allow. */
    public static Loss partial(Loss e, Loss term) {
        return simplify(d(e, term));
    }

    private static Loss d(Loss e, Loss term) {
        if (e.equals(term)) {
            return new Loss.Const(1);
        }
        if (e instanceof Loss.Neg n) {
            return new Loss.Neg(d(n.operand(), term));
        }
        if (e instanceof Loss.Binary b) {
            Loss u = b.left();
            Loss v = b.right();
            Loss du = d(u, term);
            Loss dv = d(v, term);
            return switch (b.operator()) {
                case '+' -> new Loss.Binary('+', du, dv);
                case '-' -> new Loss.Binary('-', du, dv);
                case '*' -> new Loss.Binary('+', new Loss.Binary('*', du, v), new Loss.Binary('*', u, dv));
                default -> new Loss.Binary('-', new Loss.Binary('/', du, v),
                        new Loss.Binary('/', new Loss.Binary('*', u, dv), new Loss.Binary('*', v, v)));
            };
        }
        return new Loss.Const(0);
    }

    static Loss simplify(Loss e) {
        if (e instanceof Loss.Neg n) {
            Loss a = simplify(n.operand());
            return a instanceof Loss.Const c ? new Loss.Const(-c.value()) : new Loss.Neg(a);
        }
        if (!(e instanceof Loss.Binary b)) {
            return e;
        }
        Loss l = simplify(b.left());
        Loss r = simplify(b.right());
        if (l instanceof Loss.Const x && r instanceof Loss.Const y) {
            return new Loss.Const(Evaluator.binary(b.operator(), x.value(), y.value()));
        }
        boolean lZero = l instanceof Loss.Const c && c.value() == 0;
        boolean rZero = r instanceof Loss.Const c && c.value() == 0;
        boolean lOne = l instanceof Loss.Const c && c.value() == 1;
        boolean rOne = r instanceof Loss.Const c && c.value() == 1;
        return switch (b.operator()) {
            case '+' -> lZero ? r : rZero ? l : new Loss.Binary('+', l, r);
            case '-' -> rZero ? l : lZero ? simplify(new Loss.Neg(r)) : new Loss.Binary('-', l, r);
            case '*' -> lZero || rZero ? new Loss.Const(0) : lOne ? r : rOne ? l : new Loss.Binary('*', l, r);
            default -> lZero ? new Loss.Const(0) : rOne ? l : new Loss.Binary('/', l, r);
        };
    }
}
