package dev.nnc.compiler.syntax;

import dev.nnc.compiler.diagnostics.Span;
import dev.nnc.grammar.NNLexer;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (single-token insertion and deletion, resynchronisation), with messages in the
 * project's words: {@code expected `)` or `,`, found `loss`}. Each error goes to {@link Sink} with the
 * index of the token it belongs to, so the parser can tell which declarations were recovered inside.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {

    interface Sink {
        void error(Span span, String message, int tokenIndex);
    }

    private final Sink sink;
    /** After an unterminated comment or string, which swallow what follows, "found end of file" adds nothing. */
    private final boolean quietAtEnd;

    SyntaxErrorStrategy(Sink sink, boolean quietAtEnd) {
        this.sink = sink;
        this.quietAtEnd = quietAtEnd;
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e.getOffendingToken(), parser.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser));
    }

    /**
     * When a list or call is left open and the next token is on a later line, the mistake is at the end
     * of the previous line: the caret goes just after its last token.
     */
    private void report(Parser parser, Token found, IntervalSet expected) {
        if (found.getType() == NNLexer.UNTERMINATED_STRING || found.getType() == Token.EOF && quietAtEnd) {
            return; // already reported by the lexical checks, with a better message
        }
        Token previous = parser.getTokenStream().LT(-1);
        if (previous != null && TokenText.isKeyword(previous) && found.getType() == NNLexer.ASSIGN && expected.contains(NNLexer.ID)) {
            sink.error(Spans.of(previous), "`%s` is a keyword and cannot name a tensor; choose another name"
                    .formatted(previous.getText()), previous.getTokenIndex());
            return;
        }
        boolean unclosed = expected.contains(NNLexer.RPAREN) || expected.contains(NNLexer.RBRACK) || expected.contains(NNLexer.COMMA);
        if (unclosed && previous != null && found.getLine() > previous.getLine()) {
            sink.error(Spans.after(previous), message(found, expected), previous.getTokenIndex());
        } else {
            sink.error(Spans.of(found), message(found, expected), found.getTokenIndex());
        }
    }

    private static String message(Token found, IntervalSet expected) {
        if (found.getType() == NNLexer.UNEXPECTED_CHAR) {
            return "unexpected " + TokenText.found(found);
        }
        if (TokenText.isKeyword(found) && expected.contains(NNLexer.ID)) {
            return "expected a name, found keyword `%s`; keywords cannot be used as names".formatted(found.getText());
        }
        return "expected %s, found %s".formatted(TokenText.expected(expected), TokenText.found(found));
    }
}
