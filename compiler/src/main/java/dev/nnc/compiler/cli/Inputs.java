package dev.nnc.compiler.cli;

import dev.nnc.compiler.Compilation;
import dev.nnc.compiler.Compiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads and compiles the files named on the command line, printing their diagnostics. */
final class Inputs {
    /** .nn files are small; this keeps a mistaken argument (a data set, a disk image) from filling memory. */
    static final long MAX_BYTES = 64L << 20;

    private Inputs() {}

    /** The compilation of {@code path}, its diagnostics printed to {@code err}; empty if unreadable. */
    static Optional<Compilation> compile(Path path, PrintWriter err) {
        String problem;
        try {
            if (Files.isDirectory(path)) {
                problem = "it is a directory";
            } else if (Files.size(path) > MAX_BYTES) {
                problem = "it is larger than %d MB; is it really a .nn file?".formatted(MAX_BYTES >> 20);
            } else {
                Compilation c = Compiler.compile(path.toString(), Files.readAllBytes(path));
                err.print(c.render());
                return Optional.of(c);
            }
        } catch (NoSuchFileException e) {
            problem = "no such file";
        } catch (AccessDeniedException e) {
            problem = "permission denied";
        } catch (IOException e) {
            problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        err.printf("nnc: error: cannot read `%s`: %s%n", path, problem);
        return Optional.empty();
    }
}
