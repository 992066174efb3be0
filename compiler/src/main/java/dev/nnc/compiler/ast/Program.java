package dev.nnc.compiler.ast;

import java.util.List;
import java.util.Set;

/**
 * One .nn file: its functions and models in source order. {@code unparsed} names the declarations the
 * parser had to recover inside: they are left out (their syntax errors are reported), and uses of
 * their names are not reported again as unknown.
 */
public record Program(List<FnDecl> functions, List<ModelDecl> models, Set<String> unparsed) {
    public Program {
        functions = List.copyOf(functions);
        models = List.copyOf(models);
        unparsed = Set.copyOf(unparsed);
    }
}
