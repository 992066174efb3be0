package dev.nnc.compiler.cli;

import dev.nnc.compiler.Compilation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code nnc check FILE...}: diagnostics only. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Checks .nn files and prints every error and warning; exit status 1 on any error.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "the .nn files to check")
    List<Path> files;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean failed = false;
        for (Path file : files) {
            Optional<Compilation> c = Inputs.compile(file, spec.commandLine().getErr());
            failed |= c.isEmpty() || c.get().hasErrors();
        }
        return failed ? 1 : 0;
    }
}
