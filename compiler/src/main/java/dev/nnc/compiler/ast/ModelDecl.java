package dev.nnc.compiler.ast;

import java.util.List;

/** {@code model Name { ... }} */
public record ModelDecl(Identifier name, List<Statement> statements) {
    public ModelDecl {
        statements = List.copyOf(statements);
    }
}
