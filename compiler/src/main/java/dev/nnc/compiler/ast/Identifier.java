package dev.nnc.compiler.ast;

import dev.nnc.compiler.diagnostics.Span;

/** A name as written, with where it was written. */
public record Identifier(String text, Span span) {
    @Override
    public String toString() {
        return text;
    }
}
