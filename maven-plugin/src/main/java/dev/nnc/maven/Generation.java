package dev.nnc.maven;

import com.palantir.javapoet.JavaFile;
import dev.nnc.compiler.Compilation;
import dev.nnc.compiler.Compiler;
import dev.nnc.compiler.codegen.CodeGenerator;
import dev.nnc.compiler.codegen.Precision;
import dev.nnc.compiler.diagnostics.Diagnostic;
import dev.nnc.compiler.diagnostics.DiagnosticRenderer;
import dev.nnc.compiler.diagnostics.Severity;
import dev.nnc.compiler.ir.Graph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.lang.model.SourceVersion;

/**
 * One run of the {@code generate} goal, free of the Maven API: finds the {@code .nn} files, compiles the
 * changed ones to Java, deletes what removed ones had generated and records what it did in the state
 * file (see {@link State}). A file is generated again when its bytes, its package or the generator
 * (the fingerprint) changed, or when one of its outputs is missing; otherwise it is left alone, and so
 * are the timestamps of its Java files.
 */
final class Generation {

    /**
     * Where to read and write, and what to select. {@code openCl}: also generate the OpenCL backend
     * (needs com.aparapi:aparapi on the project's class path); {@code tiled}: its matrix products tiled, for GPUs.
     */
    record Settings(Path baseDirectory, Path sourceDirectory, Path outputDirectory, Path stateFile, List<String> includes,
                    List<String> excludes, String packageName, String fingerprint, boolean openCl, boolean tiled) {
        Settings {
            includes = includes.isEmpty() ? List.of("**/*.nn") : List.copyOf(includes);
            excludes = List.copyOf(excludes);
        }
    }

    /** Where the goal's messages go (Maven's log, or a list in tests). */
    interface Log {
        void info(String message);

        void warn(String message);
    }

    /**
     * What a run did, each file named as in messages. {@code errors} holds each error rendered as the CLI
     * prints it ({@code file:line:col: error: message}, the line, a caret), in file order.
     */
    record Outcome(List<String> generated, List<String> upToDate, List<String> removed, List<String> errors,
                   int filesWithErrors) {
        boolean failed() {
            return !errors.isEmpty();
        }
    }

    private final Settings settings;
    private final Log log;
    private final List<String> generated = new ArrayList<>();
    private final List<String> upToDate = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int filesWithErrors;

    private Generation(Settings settings, Log log) {
        this.settings = settings;
        this.log = log;
    }

    static Outcome run(Settings settings, Log log) throws IOException {
        return new Generation(settings, log).run();
    }

    private Outcome run() throws IOException {
        Path out = settings.outputDirectory().toAbsolutePath().normalize();
        State previous = State.read(settings.stateFile());
        // outputs recorded for another output folder are not ours to delete; another generator's are stale
        Map<String, State.Entry> recorded = previous.outputDirectory().equals(out.toString()) ? previous.sources() : Map.of();
        boolean sameGenerator = previous.fingerprint().equals(settings.fingerprint());

        List<String> sources = scan();
        if (sources.isEmpty()) {
            log.info("No .nn files to compile in " + displayFolder() + (Files.isDirectory(settings.sourceDirectory()) ? "" : " (no such folder)"));
        }

        // first the unchanged files, so that a changed one cannot take the name of a class they generated
        Map<String, State.Entry> next = new TreeMap<>();
        Map<String, String> claimed = new HashMap<>();
        Map<String, byte[]> changed = new LinkedHashMap<>();
        Map<String, String> packages = new HashMap<>();
        for (String source : sources) {
            byte[] bytes = Files.readAllBytes(settings.sourceDirectory().resolve(source));
            Optional<String> pkg = packageOf(source);
            if (pkg.isEmpty()) {
                continue;
            }
            packages.put(source, pkg.get());
            State.Entry last = recorded.get(source);
            if (sameGenerator && last != null && last.sha256().equals(sha256(bytes)) && last.packageName().equals(pkg.get())
                    && last.outputs().stream().allMatch(o -> Files.isRegularFile(out.resolve(o)))) {
                next.put(source, last);
                last.outputs().forEach(o -> claimed.put(o, source));
                upToDate.add(displayName(source));
                log.info("Up to date: " + displayName(source));
            } else {
                changed.put(source, bytes);
            }
        }

        for (Map.Entry<String, byte[]> c : changed.entrySet()) {
            String source = c.getKey();
            Optional<State.Entry> entry = generate(source, c.getValue(), packages.get(source), out, claimed);
            entry.ifPresent(e -> next.put(source, e));
            Set<String> keep = new LinkedHashSet<>(entry.map(State.Entry::outputs).orElse(List.of()));
            State.Entry last = recorded.get(source);
            if (last != null) {
                deleteOutputs(out, last.outputs().stream().filter(o -> !keep.contains(o) && !claimed.containsKey(o)).toList());
            }
        }

        Set<String> present = new HashSet<>(sources);
        for (Map.Entry<String, State.Entry> r : recorded.entrySet()) {
            String source = r.getKey();
            List<String> outputs = r.getValue().outputs().stream().filter(o -> !claimed.containsKey(o)).toList();
            if (!present.contains(source)) {
                deleteOutputs(out, outputs);
                removed.add(displayName(source));
                log.info("Removed " + (outputs.isEmpty() ? "nothing" : String.join(", ", outputs)) + " (from "
                        + displayName(source) + ", which is gone or no longer included)");
            } else if (!packages.containsKey(source)) {
                deleteOutputs(out, outputs); // its package is in error: what it generated is stale
            }
        }

        new State(settings.fingerprint(), out.toString(), next).write(settings.stateFile());
        log.info("nnc: %d generated, %d up to date, %d removed%s".formatted(generated.size(), upToDate.size(), removed.size(),
                filesWithErrors == 0 ? "" : ", %d with errors".formatted(filesWithErrors)));
        return new Outcome(List.copyOf(generated), List.copyOf(upToDate), List.copyOf(removed), List.copyOf(errors), filesWithErrors);
    }

    /** Compiles one changed file and writes its classes; empty (and its errors recorded) if it has errors. */
    private Optional<State.Entry> generate(String source, byte[] bytes, String pkg, Path out, Map<String, String> claimed)
            throws IOException {
        String name = displayName(source);
        Compilation compilation = Compiler.compile(name, bytes);
        List<String> problems = new ArrayList<>();
        for (Diagnostic d : compilation.diagnostics()) {
            String rendered = DiagnosticRenderer.render(compilation.source(), d);
            if (d.severity() == Severity.ERROR) {
                problems.add(rendered);
            } else {
                log.warn(rendered.stripTrailing());
            }
        }
        Map<String, String> files = new LinkedHashMap<>();
        if (problems.isEmpty()) {
            for (Graph g : compilation.models()) {
                Optional<String> why = CodeGenerator.unsupported(g);
                if (why.isPresent()) {
                    problems.add("%s: error: cannot generate model `%s`: %s%n".formatted(name, g.name(), why.get()));
                    continue;
                }
                Map<String, String> model = new LinkedHashMap<>();
                for (JavaFile f : CodeGenerator.generate(g, pkg, Precision.FLOAT, settings.openCl(), settings.tiled())) {
                    String path = (f.packageName().isEmpty() ? "" : f.packageName().replace('.', '/') + "/") + f.typeSpec().name() + ".java";
                    model.put(path, f.toString());
                }
                Optional<String> taken = model.keySet().stream().filter(p -> claimed.containsKey(p) || files.containsKey(p)).findFirst();
                if (taken.isPresent()) {
                    String owner = claimed.getOrDefault(taken.get(), source);
                    problems.add("%s: error: model `%s` would overwrite %s, generated from %s; rename the model or use another package%n"
                            .formatted(name, g.name(), taken.get(), displayName(owner)));
                    continue;
                }
                files.putAll(model);
            }
        }
        if (!problems.isEmpty()) {
            errors.addAll(problems);
            filesWithErrors++;
            return Optional.empty();
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            writeIfChanged(out.resolve(f.getKey()), f.getValue());
            claimed.put(f.getKey(), source);
        }
        generated.add(name);
        log.info("Generated " + (files.isEmpty() ? "nothing (no model)" : String.join(", ", files.keySet())) + " from " + name);
        return Optional.of(new State.Entry(sha256(bytes), pkg, List.copyOf(files.keySet())));
    }

    /** The configured package, or the file's folder under the source folder ({@code com/acme/X.nn} → {@code com.acme}). */
    private Optional<String> packageOf(String source) {
        String configured = settings.packageName();
        if (configured != null && !configured.isBlank()) {
            String p = configured.strip();
            if (!SourceVersion.isName(p)) {
                errors.add("%s: error: `%s` (the plugin's <packageName>) is not a Java package name%n".formatted(displayName(source), p));
                filesWithErrors++;
                return Optional.empty();
            }
            return Optional.of(p);
        }
        int slash = source.lastIndexOf('/');
        if (slash < 0) {
            return Optional.of("");
        }
        String folder = source.substring(0, slash);
        String pkg = folder.replace('/', '.');
        if (!SourceVersion.isName(pkg)) {
            errors.add("%s: error: the folder `%s` is not a Java package name; rename it, or set the plugin's <packageName>%n"
                    .formatted(displayName(source), folder));
            filesWithErrors++;
            return Optional.empty();
        }
        return Optional.of(pkg);
    }

    /** The selected files, relative to the source folder with {@code /}, sorted; the excluded ones are logged. */
    private List<String> scan() throws IOException {
        Path root = settings.sourceDirectory();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<AntPattern> includes = settings.includes().stream().map(AntPattern::of).toList();
        List<AntPattern> excludes = settings.excludes().stream().map(AntPattern::of).toList();
        List<String> included;
        try (Stream<Path> files = Files.walk(root)) {
            included = files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> includes.stream().anyMatch(i -> i.matches(p)))
                    .sorted()
                    .toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        List<String> selected = new ArrayList<>();
        for (String p : included) {
            if (excludes.stream().anyMatch(e -> e.matches(p))) {
                log.info("Excluded: " + displayName(p));
            } else {
                selected.add(p);
            }
        }
        return selected;
    }

    private String displayFolder() {
        Path folder = settings.sourceDirectory().toAbsolutePath().normalize();
        Path base = settings.baseDirectory().toAbsolutePath().normalize();
        return (folder.startsWith(base) ? base.relativize(folder) : folder).toString().replace('\\', '/');
    }

    /** The file as messages and generated headers name it: relative to the project, with {@code /}. */
    private String displayName(String source) {
        Path file = settings.sourceDirectory().resolve(source).toAbsolutePath().normalize();
        Path base = settings.baseDirectory().toAbsolutePath().normalize();
        Path shown = file.startsWith(base) ? base.relativize(file) : file;
        return shown.toString().replace('\\', '/');
    }

    private static void writeIfChanged(Path file, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
            return;
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    private static void deleteOutputs(Path out, List<String> outputs) throws IOException {
        for (String o : outputs) {
            Path file = out.resolve(o).normalize();
            if (!file.startsWith(out)) {
                continue; // a hand-edited state file cannot make us delete outside the output folder
            }
            Files.deleteIfExists(file);
            for (Path dir = file.getParent(); dir != null && dir.startsWith(out) && !dir.equals(out); dir = dir.getParent()) {
                if (!isEmptyDirectory(dir)) {
                    break;
                }
                Files.delete(dir);
            }
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
