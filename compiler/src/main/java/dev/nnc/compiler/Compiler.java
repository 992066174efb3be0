package dev.nnc.compiler;

import dev.nnc.compiler.ast.Program;
import dev.nnc.compiler.check.Checker;
import dev.nnc.compiler.diagnostics.Diagnostic;
import dev.nnc.compiler.diagnostics.Reporter;
import dev.nnc.compiler.diagnostics.SourceFile;
import dev.nnc.compiler.diagnostics.Span;
import dev.nnc.compiler.ir.Graph;
import dev.nnc.compiler.syntax.SourceParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The compiler's driver. It reads as the pipeline: decode, parse, check — stopping after a stage that
 * reported errors. Whatever the input, it returns diagnostics; it never throws on bad input.
 */
public final class Compiler {
    private Compiler() {}

    /** Compiles the bytes of a file named {@code name} (as it appears in messages). */
    public static Compilation compile(String name, byte[] bytes) {
        Reporter reporter = new Reporter();
        SourceFile source;
        try {
            source = new SourceFile(name, decode(bytes));
        } catch (MalformedInputException e) {
            source = new SourceFile(name, "");
            reporter.error(Span.FILE_START, "the file is not UTF-8 text (an invalid byte at offset %d); is it a binary file?"
                    .formatted(malformedOffset(bytes)));
            return new Compilation(source, reporter.diagnostics(), List.of());
        } catch (CharacterCodingException e) {
            source = new SourceFile(name, "");
            reporter.error(Span.FILE_START, "the file is not UTF-8 text");
            return new Compilation(source, reporter.diagnostics(), List.of());
        }
        return compile(source, reporter);
    }

    public static Compilation compile(SourceFile source) {
        return compile(source, new Reporter());
    }

    private static Compilation compile(SourceFile source, Reporter reporter) {
        List<Graph> models = new ArrayList<>();
        try {
            Program program = SourceParser.parse(source, reporter);
            if (program.models().isEmpty() && program.functions().isEmpty() && !reporter.hasErrors()) {
                reporter.error(Span.FILE_START, "the file declares no model; expected `model Name { ... }`");
            }
            models.addAll(Checker.check(program, source.name(), reporter));
        } catch (Reporter.TooManyErrors e) {
            // the first MAX_ERRORS errors are reported; the rest would add nothing
        } catch (StackOverflowError e) {
            reporter.error(Span.FILE_START, "the file is nested too deeply to compile");
            models.clear();
        }
        List<Diagnostic> diagnostics = new ArrayList<>(reporter.diagnostics());
        diagnostics.sort(Comparator.comparingInt((Diagnostic d) -> d.span().start()));
        return new Compilation(source, diagnostics, reporter.hasErrors() ? List.of() : models);
    }

    private static String decode(byte[] bytes) throws CharacterCodingException {
        int skip = bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf ? 3 : 0;
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
                .toString();
    }

    private static int malformedOffset(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }
}
