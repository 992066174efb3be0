package dev.nnc.compiler.syntax;

import dev.nnc.grammar.NNLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

/** How tokens and sets of expected tokens read in a syntax error message. */
final class TokenText {
    private static final Vocabulary VOCABULARY = NNLexer.VOCABULARY;
    private static final Set<Integer> KEYWORDS =
            Set.of(NNLexer.FN, NNLexer.MODEL, NNLexer.INPUT, NNLexer.TARGET, NNLexer.LOSS, NNLexer.TRAIN);
    /** The tokens an expression can start with; when all are expected, "an expression" says it shorter. */
    private static final Set<Integer> EXPRESSION_START = Set.of(
            NNLexer.ID, NNLexer.NUMBER, NNLexer.STRING, NNLexer.LPAREN, NNLexer.LBRACK, NNLexer.MINUS, NNLexer.PLUS);

    private TokenText() {}

    static boolean isKeyword(Token token) {
        return KEYWORDS.contains(token.getType());
    }

    /** The token as found: {@code `foo`}, {@code keyword `model`}, {@code end of file}. */
    static String found(Token token) {
        return switch (token.getType()) {
            case Token.EOF -> "end of file";
            case NNLexer.NUMBER -> "number `" + token.getText() + "`";
            case NNLexer.STRING -> "string " + shorten(token.getText());
            case NNLexer.UNEXPECTED_CHAR -> character(token.getText());
            default -> (isKeyword(token) ? "keyword `" : "`") + shorten(token.getText()) + "`";
        };
    }

    /** The expected set as a phrase: {@code `)`, `,` or an expression}. */
    static String expected(IntervalSet set) {
        List<Integer> types = set.toList();
        List<String> words = new ArrayList<>();
        boolean expression = types.containsAll(EXPRESSION_START);
        if (expression) {
            types.removeAll(EXPRESSION_START);
        }
        Set<String> ordered = new TreeSet<>();
        for (int type : types) {
            ordered.add(expectedToken(type));
        }
        words.addAll(ordered);
        if (expression) {
            words.add("an expression");
        }
        if (words.isEmpty()) {
            return "something else";
        }
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    private static String expectedToken(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NNLexer.ID -> "a name";
            case NNLexer.NUMBER -> "a number";
            case NNLexer.STRING -> "a string";
            default -> {
                String literal = VOCABULARY.getLiteralName(type);
                yield literal == null ? VOCABULARY.getDisplayName(type) : "`" + literal.replace("'", "") + "`";
            }
        };
    }

    private static String character(String text) {
        int c = text.codePointAt(0);
        if (Character.isISOControl(c) || Character.isWhitespace(c) || !Character.isDefined(c)) {
            return "character U+%04X".formatted(c);
        }
        return "character `" + text + "`";
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }
}
