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

    SyntaxErrorStrategy(Sink sink) {
        this.sink = sink;
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(e.getOffendingToken(), parser.getExpectedTokens());
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(e.getOffendingToken(), e.getExpectedTokens());
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser.getCurrentToken(), getExpectedTokens(parser));
    }

    /** A token is missing: point just after the previous token when the next one is on a later line. */
    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        Token found = parser.getCurrentToken();
        Token previous = parser.getTokenStream().LT(-1);
        String message = message(found, getExpectedTokens(parser));
        if (previous != null && found.getLine() > previous.getLine()) {
            sink.error(Spans.after(previous), message, previous.getTokenIndex());
        } else {
            sink.error(Spans.of(found), message, found.getTokenIndex());
        }
    }

    private void report(Token found, IntervalSet expected) {
        if (found.getType() == NNLexer.UNTERMINATED_STRING) {
            return; // already reported by the lexical checks, with a better message
        }
        sink.error(Spans.of(found), message(found, expected), found.getTokenIndex());
    }

    private static String message(Token found, IntervalSet expected) {
        if (TokenText.isKeyword(found) && expected.contains(NNLexer.ID)) {
            return "expected a name, found keyword `%s`; keywords cannot be used as names".formatted(found.getText());
        }
        return "expected %s, found %s".formatted(TokenText.expected(expected), TokenText.found(found));
    }
}
