package dev.nnc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the last run generated: for each {@code .nn} file (relative to the source folder), the SHA-256 of
 * its bytes, the package it was generated into and the files it wrote (relative to the output folder);
 * and the fingerprint of the generator and the output folder it ran with. One line per fact, fields
 * separated by tabs:
 *
 * <pre>
 * fingerprint	nnc-maven-plugin 0.1.0 codegen 0.1.0 ...
 * output	/abs/target/generated-sources/nn
 * source	com/acme/Digits.nn	3f2a…	com.acme	com/acme/Digits.java	com/acme/DigitsTrainer.java
 * </pre>
 *
 * A missing or unreadable file is an empty state: everything is generated again.
 */
record State(String fingerprint, String outputDirectory, Map<String, Entry> sources) {
    static final State EMPTY = new State("", "", Map.of());

    private static final String HEADER = "# nnc-maven-plugin: what was generated from which .nn file; delete it to regenerate everything";

    /** One {@code .nn} file's last generation. */
    record Entry(String sha256, String packageName, List<String> outputs) {
        Entry {
            outputs = List.copyOf(outputs);
        }
    }

    State {
        sources = Map.copyOf(sources);
    }

    static State read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return EMPTY;
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
        String fingerprint = "";
        String output = "";
        Map<String, Entry> sources = new TreeMap<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "fingerprint" -> fingerprint = f.length > 1 ? f[1] : "";
                case "output" -> output = f.length > 1 ? f[1] : "";
                case "source" -> {
                    if (f.length < 4) {
                        return EMPTY;
                    }
                    sources.put(f[1], new Entry(f[2], f[3], Arrays.asList(f).subList(4, f.length)));
                }
                default -> {
                    if (!line.isEmpty() && !line.startsWith("#")) {
                        return EMPTY;
                    }
                }
            }
        }
        return new State(fingerprint, output, sources);
    }

    void write(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("fingerprint\t" + fingerprint);
        lines.add("output\t" + outputDirectory);
        new TreeMap<>(sources).forEach((source, e) -> {
            StringBuilder line = new StringBuilder("source\t").append(source).append('\t').append(e.sha256()).append('\t')
                    .append(e.packageName());
            e.outputs().forEach(o -> line.append('\t').append(o));
            lines.add(line.toString());
        });
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, lines, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
