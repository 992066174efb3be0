package dev.nnc.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Loads {@code csv("file.csv", target=...)}: a comma-separated file of decimal numbers, one example
 * per line, one column of which is the real-valued target and the others the features (in file
 * order). The target is {@code last} (the default), {@code first}, a 0-based column index, or the
 * name of a header column.
 *
 * <p>The first line is a header when none of its cells is a number, and data when all are; a line
 * that mixes both is reported, since it is a header with a typo or data with one. Header names may
 * be quoted and may be empty (an unnamed index column). Cells are
 * trimmed; blank lines are skipped; quotes are not interpreted except around header names, so a
 * cell cannot contain a comma. Every error names the file, line and column ({@code file:line:col}).
 */
public final class Csv {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Csv() {}

    /** Loads {@code file} with the last column as the target. */
    public static Dataset load(Path file) throws IOException {
        return load(file, "last");
    }

    /** Loads {@code file} with target column {@code column}, 0-based. */
    public static Dataset load(Path file, int column) throws IOException {
        return load(file, Integer.toString(column));
    }

    /** Loads {@code file}; {@code target} is {@code last}, {@code first}, a 0-based index or a header name. */
    public static Dataset load(Path file, String target) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(file, reader, target);
        }
    }

    private static Dataset read(Path file, BufferedReader reader, String target) throws IOException {
        int lineNo = 0;
        String[] header = null;
        int columns = -1;
        int firstLine = 0;
        int targetColumn = -1;
        FloatList features = new FloatList();
        FloatList targets = new FloatList();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (lineNo == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark some editors write
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (columns < 0) {
                columns = cells.length;
                firstLine = lineNo;
                if (columns < 2) {
                    throw new DataException(file + ":" + lineNo + ": found 1 column; a data file needs at least "
                            + "one feature column and the target column");
                }
                if (isHeader(file, lineNo, line, cells)) {
                    header = cells;
                    for (int i = 0; i < header.length; i++) {
                        header[i] = unquote(header[i].trim());
                    }
                }
                targetColumn = targetColumn(file, target, columns, header);
                if (header != null) {
                    continue;
                }
            }
            if (cells.length != columns) {
                throw new DataException(file + ":" + lineNo + ": found " + cells.length + " columns, expected "
                        + columns + " as on line " + firstLine);
            }
            for (int c = 0; c < columns; c++) {
                float value = number(file, lineNo, line, c, cells[c], header);
                (c == targetColumn ? targets : features).add(value);
            }
        }
        if (columns < 0) {
            throw new DataException(file + ": the file is empty; expected rows of comma-separated numbers");
        }
        if (targets.size == 0) {
            throw new DataException(file + ": the file has a header but no data rows");
        }
        return Dataset.ofTargets(features.toArray(), columns - 1, targets.toArray(), 1);
    }

    private static boolean isHeader(Path file, int lineNo, String line, String[] cells) throws DataException {
        int firstText = -1;
        int numbers = 0;
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c].trim();
            if (NUMBER.matcher(cell).matches()) {
                numbers++;
            } else if (firstText < 0 && !cell.isEmpty()) {
                firstText = c;
            }
        }
        if (numbers > 0 && firstText >= 0) {
            throw new DataException(position(file, lineNo, line, firstText) + "the first line mixes numbers and text: `"
                    + cells[firstText].trim() + "` is not a number, but a header line may hold no numbers");
        }
        return firstText >= 0; // all empty or numbers: data, whose empty cells are reported as such
    }

    private static int targetColumn(Path file, String target, int columns, String[] header) throws DataException {
        if (target.equals("last")) {
            return columns - 1;
        }
        if (target.equals("first")) {
            return 0;
        }
        if (target.matches("-?\\d+")) {
            long index = target.length() > 10 ? -1 : Long.parseLong(target);
            if (index < 0 || index >= columns) {
                throw new DataException(file + ": target column " + target + " is out of range; the file has "
                        + columns + " columns, 0.." + (columns - 1));
            }
            return (int) index;
        }
        if (header != null) {
            int index = Arrays.asList(header).indexOf(target);
            if (index >= 0) {
                return index;
            }
            throw new DataException(file + ": no column named `" + target + "`; the header has "
                    + String.join(", ", header));
        }
        throw new DataException(file + ": target `" + target + "` is not last, first or a column number, "
                + "and the file has no header to name columns");
    }

    private static float number(Path file, int lineNo, String line, int column, String cell, String[] header)
            throws DataException {
        String text = cell.trim();
        String where = position(file, lineNo, line, column);
        String name = header == null ? "" : " (column `" + header[column] + "`)";
        if (text.isEmpty()) {
            throw new DataException(where + "empty cell" + name + ", expected a number");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new DataException(where + "`" + text + "`" + name + " is not a number");
        }
        float value = Float.parseFloat(text);
        if (Float.isInfinite(value)) {
            throw new DataException(where + "`" + text + "`" + name + " is out of float range");
        }
        return value;
    }

    /** {@code file:line:col: }, the column counted in characters from 1, at the cell's first character. */
    private static String position(Path file, int lineNo, String line, int column) {
        int at = 0;
        for (int c = 0; c < column; c++) {
            at = line.indexOf(',', at) + 1;
        }
        while (at < line.length() && line.charAt(at) == ' ') {
            at++;
        }
        return file + ":" + lineNo + ":" + (at + 1) + ": ";
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** A growable float array, so a large file is not held as boxed Floats. */
    private static final class FloatList {
        float[] values = new float[1024];
        int size;

        void add(float v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
