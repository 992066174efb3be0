package dev.nnc.compiler.cli;

import com.palantir.javapoet.JavaFile;
import dev.nnc.compiler.Compilation;
import dev.nnc.compiler.codegen.CodeGenerator;
import dev.nnc.compiler.codegen.Precision;
import dev.nnc.compiler.ir.Graph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nnc compile FILE -d DIR [--package P]}: writes each model's Java classes. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = "Writes the Java sources of every model in FILE: the model class and its trainer.")
final class CompileCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "the .nn file")
    Path file;

    @Option(names = "-d", required = true, paramLabel = "DIR", description = "the source root to write into")
    Path directory;

    @Option(names = "--package", paramLabel = "P", defaultValue = "", description = "the Java package (default: none)")
    String packageName;

    @Option(names = "--opencl", description = "also generate the OpenCL backend (needs com.aparapi:aparapi to compile)")
    boolean openCl;

    @Option(names = "--tiled", description = "with --opencl: matrix products tiled in local memory, for GPUs"
            + " (the default direct kernels are faster on CPU OpenCL devices)")
    boolean tiled;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Optional<Compilation> c = Inputs.compile(file, spec.commandLine().getErr());
        if (c.isEmpty() || c.get().hasErrors()) {
            return 1;
        }
        for (Graph g : c.get().models()) {
            if (!Generation.supported(g, spec.commandLine().getErr())) {
                return 1;
            }
            for (JavaFile f : CodeGenerator.generate(g, packageName, Precision.FLOAT, openCl, tiled)) {
                try {
                    Path written = f.writeToPath(java.nio.file.Files.createDirectories(directory));
                    spec.commandLine().getOut().println("wrote " + written);
                } catch (IOException e) {
                    spec.commandLine().getErr().printf("nnc: error: cannot write into `%s`: %s%n", directory, e.getMessage());
                    return 1;
                }
            }
        }
        return 0;
    }
}
