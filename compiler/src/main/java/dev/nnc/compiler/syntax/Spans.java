package dev.nnc.compiler.syntax;

import dev.nnc.compiler.diagnostics.Span;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Source positions of tokens and parse-tree nodes. */
final class Spans {
    private Spans() {}

    static Span of(Token token) {
        int start = Math.max(0, token.getStartIndex());
        int end = Math.max(start, token.getStopIndex() + 1);
        return new Span(Math.max(1, token.getLine()), token.getCharPositionInLine() + 1, start, end);
    }

    /** From the first token of {@code ctx} to its last. */
    static Span of(ParserRuleContext ctx) {
        Span first = of(ctx.getStart());
        Token stop = ctx.getStop() == null ? ctx.getStart() : ctx.getStop();
        return new Span(first.line(), first.column(), first.start(), Math.max(first.start(), stop.getStopIndex() + 1));
    }

    /** The position just past a token: where a missing one should have been. */
    static Span after(Token token) {
        int end = token.getStopIndex() + 1;
        String text = token.getText();
        int lastBreak = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
        int column = lastBreak < 0 ? token.getCharPositionInLine() + text.length() + 1 : text.length() - lastBreak;
        int line = token.getLine() + (int) text.chars().filter(c -> c == '\n').count();
        return new Span(line, column, end, end);
    }
}
