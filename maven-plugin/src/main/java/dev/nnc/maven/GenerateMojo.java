package dev.nnc.maven;

import dev.nnc.compiler.Compiler;
import dev.nnc.compiler.codegen.CodeGenerator;
import dev.nnc.grammar.NNParser;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles the {@code .nn} models under {@code src/main/nn} into Java sources — per model, the class
 * {@code M} and its trainer {@code MTrainer} — under {@code target/generated-sources/nn}, which becomes a
 * compile source root. The package is the file's folder under the source folder
 * ({@code src/main/nn/com/acme/Digits.nn} → {@code com.acme}) unless {@code packageName} is set.
 *
 * <p>Incremental: a file whose bytes, package and generator are those of the last run is not generated
 * again; the classes of a file that was deleted (or excluded) are deleted. The record of the last run is
 * {@code target/maven-status/nnc/state}.
 *
 * <p>Any compiler error fails the build, after every file was compiled, with every error as the
 * {@code nnc} command line prints it: {@code file:line:col: error: message}, the line and a caret.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

    /** The folder of the {@code .nn} files. */
    @Parameter(property = "nnc.sourceDirectory", defaultValue = "${basedir}/src/main/nn")
    private File sourceDirectory;

    /** Where the Java sources are written; added to the project's compile source roots. */
    @Parameter(property = "nnc.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/nn")
    private File outputDirectory;

    /**
     * The Java package of every generated class. By default each file's folder under
     * {@code sourceDirectory} names its package, as the ANTLR plugin does.
     */
    @Parameter(property = "nnc.packageName")
    private String packageName;

    /** Ant-style patterns, relative to {@code sourceDirectory}, of the files to compile; {@code **}{@code /*.nn} if none. */
    @Parameter
    private Set<String> includes = new LinkedHashSet<>();

    /** Ant-style patterns of files not to compile, e.g. a model that cannot be generated, or not yet. */
    @Parameter
    private Set<String> excludes = new LinkedHashSet<>();

    /** Also generate each model's Aparapi kernel and OpenCL trainer; the project then needs com.aparapi:aparapi. */
    @Parameter(property = "nnc.opencl", defaultValue = "false")
    private boolean opencl;

    /**
     * With {@code opencl}: the kernels' matrix products tiled in local memory, for GPUs. The default direct
     * kernels are the faster ones on CPU OpenCL devices such as PoCL.
     */
    @Parameter(property = "nnc.tiled", defaultValue = "false")
    private boolean tiled;

    /** Skips the goal: nothing is generated and no source root is added. */
    @Parameter(property = "nnc.skip", defaultValue = "false")
    private boolean skip;

    /** Where the record of the last run is kept. */
    @Parameter(defaultValue = "${project.build.directory}/maven-status/nnc", readonly = true)
    private File statusDirectory;

    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    private String pluginVersion;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("nnc: skipped (skip = true)");
            return;
        }
        Generation.Settings settings = new Generation.Settings(
                project.getBasedir().toPath(), sourceDirectory.toPath(), outputDirectory.toPath(),
                statusDirectory.toPath().resolve("state"), new ArrayList<>(includes), new ArrayList<>(excludes),
                packageName, fingerprint(pluginVersion) + (opencl ? " opencl" : "") + (opencl && tiled ? " tiled" : ""), opencl,
                opencl && tiled);
        Generation.Outcome outcome;
        try {
            outcome = Generation.run(settings, new Generation.Log() {
                @Override
                public void info(String message) {
                    getLog().info(message);
                }

                @Override
                public void warn(String message) {
                    getLog().warn(message);
                }
            });
        } catch (IOException e) {
            throw new MojoExecutionException("nnc: cannot generate into " + outputDirectory + ": " + e, e);
        }
        project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
        if (outcome.failed()) {
            throw new MojoFailureException(failure(outcome));
        }
    }

    /** The message of the failure: a count, then every error as the command line prints it. */
    static String failure(Generation.Outcome outcome) {
        int n = outcome.errors().size();
        StringBuilder message = new StringBuilder()
                .append("nnc: ").append(n).append(n == 1 ? " error" : " errors")
                .append(" in ").append(outcome.filesWithErrors()).append(outcome.filesWithErrors() == 1 ? " file" : " files")
                .append(":\n\n");
        outcome.errors().forEach(message::append);
        if (outcome.errors().stream().anyMatch(e -> e.contains(": error: cannot generate model"))) {
            message.append("(a model that cannot be generated can stay in the project: list its file in the plugin's <excludes>)\n");
        }
        return message.toString();
    }

    /**
     * What the generated code depends on besides the sources: the plugin's version and code generator's,
     * and, so that rebuilding a SNAPSHOT of the compiler regenerates too, the digests of the jars.
     */
    static String fingerprint(String pluginVersion) {
        StringBuilder fp = new StringBuilder("nnc-maven-plugin ").append(pluginVersion)
                .append(" codegen ").append(CodeGenerator.VERSION);
        for (Class<?> c : List.of(GenerateMojo.class, Compiler.class, NNParser.class)) {
            jarOf(c).ifPresent(jar -> {
                try {
                    fp.append(' ').append(Generation.sha256(Files.readAllBytes(jar)), 0, 16);
                } catch (IOException e) {
                    fp.append(" ?");
                }
            });
        }
        return fp.toString();
    }

    private static java.util.Optional<Path> jarOf(Class<?> c) {
        try {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return java.util.Optional.empty();
            }
            Path p = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
        } catch (URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
