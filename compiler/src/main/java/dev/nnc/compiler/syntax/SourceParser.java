package dev.nnc.compiler.syntax;

import dev.nnc.compiler.ast.FnDecl;
import dev.nnc.compiler.ast.ModelDecl;
import dev.nnc.compiler.ast.Program;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.diagnostics.SourceFile;
import dev.nnc.grammar.NNLexer;
import dev.nnc.grammar.NNParser;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * The syntax stage: source text to {@link Program}. Syntax errors are reported, never thrown; a
 * declaration the parser had to recover inside is left out of the program and named in
 * {@link Program#unparsed()}.
 */
public final class SourceParser {
    /** Deeper bracket nesting is refused before parsing, so a pathological file cannot exhaust the stack. */
    static final int MAX_NESTING = 100;

    private SourceParser() {}

    public static Program parse(SourceFile file, Reporter reporter) {
        NNLexer lexer = new NNLexer(CharStreams.fromString(file.text(), file.name()));
        lexer.removeErrorListeners();
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        tokens.fill();
        int lexicalErrors = reporter.errorCount();
        if (!lexicallySound(tokens.getTokens(), reporter)) {
            return new Program(List.of(), List.of(), Set.of());
        }
        boolean lexicalError = reporter.errorCount() > lexicalErrors;

        TreeSet<Integer> errorTokens = new TreeSet<>();
        NNParser parser = new NNParser(tokens);
        parser.removeErrorListeners();
        int[] lastErrorLine = {0};
        parser.setErrorHandler(new SyntaxErrorStrategy((span, message, tokenIndex) -> {
            errorTokens.add(tokenIndex);
            if (span.line() != lastErrorLine[0]) { // later errors on the line are mostly echoes of the first
                lastErrorLine[0] = span.line();
                reporter.error(span, message);
            }
        }, lexicalError));
        NNParser.FileContext tree = parser.file();

        AstBuilder builder = new AstBuilder(reporter);
        List<FnDecl> functions = new ArrayList<>();
        List<ModelDecl> models = new ArrayList<>();
        Set<String> unparsed = new HashSet<>();
        for (NNParser.DeclarationContext declaration : tree.declaration()) {
            ParserRuleContext ctx = declaration.fnDecl() != null ? declaration.fnDecl() : declaration.modelDecl();
            Token name = ctx instanceof NNParser.FnDeclContext f ? f.name : ((NNParser.ModelDeclContext) ctx).name;
            if (recoveredInside(ctx, errorTokens)) {
                if (name != null && name.getTokenIndex() >= 0) {
                    unparsed.add(name.getText());
                }
            } else if (ctx instanceof NNParser.FnDeclContext f) {
                functions.add(builder.function(f));
            } else {
                models.add(builder.model((NNParser.ModelDeclContext) ctx));
            }
        }
        return new Program(functions, models, unparsed);
    }

    private static boolean recoveredInside(ParserRuleContext ctx, TreeSet<Integer> errorTokens) {
        if (ctx.exception != null || ctx.getStop() == null) {
            return true;
        }
        Integer error = errorTokens.ceiling(ctx.getStart().getTokenIndex());
        return error != null && error <= ctx.getStop().getTokenIndex() || hasErrorNode(ctx);
    }

    private static boolean hasErrorNode(ParserRuleContext ctx) {
        if (ctx.exception != null) {
            return true;
        }
        for (int i = 0; i < ctx.getChildCount(); i++) {
            var child = ctx.getChild(i);
            if (child instanceof org.antlr.v4.runtime.tree.ErrorNode) {
                return true;
            }
            if (child instanceof ParserRuleContext c && hasErrorNode(c)) {
                return true;
            }
        }
        return false;
    }

    /** Errors the lexer cannot report by itself: open comments and strings, and absurd nesting. */
    private static boolean lexicallySound(List<Token> tokens, Reporter reporter) {
        int depth = 0;
        int signs = 0;
        for (Token t : tokens) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                signs = t.getType() == NNLexer.MINUS || t.getType() == NNLexer.PLUS ? signs + 1 : 0;
                if (signs > MAX_NESTING) {
                    reporter.error(Spans.of(t), "more than %d signs in a row".formatted(MAX_NESTING));
                    return false;
                }
            }
            switch (t.getType()) {
                case NNLexer.BLOCK_COMMENT -> {
                    if (!t.getText().endsWith("*/") || t.getText().length() < 4) {
                        reporter.error(Spans.of(t), "unterminated comment; expected `*/` before the end of the file");
                    }
                }
                case NNLexer.UNTERMINATED_STRING ->
                        reporter.error(Spans.of(t), "unterminated string; expected `\"` before the end of the line");
                case NNLexer.LPAREN, NNLexer.LBRACK, NNLexer.LBRACE -> {
                    if (++depth > MAX_NESTING) {
                        reporter.error(Spans.of(t), "brackets nested more than %d deep".formatted(MAX_NESTING));
                        return false;
                    }
                }
                case NNLexer.RPAREN, NNLexer.RBRACK, NNLexer.RBRACE -> depth = Math.max(0, depth - 1);
                default -> { }
            }
        }
        return true;
    }
}
