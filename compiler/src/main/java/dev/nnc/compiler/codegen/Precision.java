package dev.nnc.compiler.codegen;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;

/**
 * The element type generated code computes in: {@code float} for training and inference, {@code double}
 * for the variants that gradient checks compile.
 */
public enum Precision {
    FLOAT(TypeName.FLOAT),
    DOUBLE(TypeName.DOUBLE);

    private final TypeName type;

    Precision(TypeName type) {
        this.type = type;
    }

    TypeName type() {
        return type;
    }

    ArrayTypeName array() {
        return ArrayTypeName.of(type);
    }

    /** A literal of this type: {@code 0.5f} or {@code 0.5}. */
    String literal(double v) {
        if (this == FLOAT) {
            float f = (float) v;
            return f == Math.rint(f) && Math.abs(f) < 1e7 ? (long) f + "f" : f + "f";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (long) v + ".0" : String.valueOf(v);
    }

    /** {@code expr}, narrowed from double where this is float. */
    CodeBlock narrow(CodeBlock doubleExpr) {
        return this == FLOAT ? CodeBlock.of("(float) ($L)", doubleExpr) : doubleExpr;
    }
}
