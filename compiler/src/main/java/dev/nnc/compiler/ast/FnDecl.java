package dev.nnc.compiler.ast;

import java.util.List;
import java.util.Optional;

/** {@code fn leaky(x, alpha=0.1) = max(alpha * x, x)}: an element-wise function of its first parameter. */
public record FnDecl(Identifier name, List<Param> params, Expr body) {
    public FnDecl {
        params = List.copyOf(params);
    }

    /** A parameter, with its default value when it has one. */
    public record Param(Identifier name, Optional<Expr> defaultValue) {}
}
