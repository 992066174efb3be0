package dev.nnc.compiler.cli;

import dev.nnc.compiler.Compilation;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnc summary FILE [--json]}: a Keras-style table of every model's layers. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Prints each model's layers with their output shapes and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the .nn file")
    Path file;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Compilation> c = Inputs.compile(file, spec.commandLine().getErr());
        if (c.isEmpty() || c.get().hasErrors()) {
            return 1;
        }
        Summary summary = Summary.of(c.get().models());
        spec.commandLine().getOut().print(json ? summary.toJson() + "\n" : summary.toTable());
        return 0;
    }
}
