package dev.nnc.runtime.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files byte by byte from the format's definition, for tests. */
final class IdxFiles {

    private IdxFiles() {}

    /** Big-endian magic and sizes, then the given bytes. */
    static byte[] idx(int magic, int[] sizes, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, magic);
        for (int s : sizes) {
            writeInt(out, s);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] images(int n, int rows, int cols, int... pixels) {
        return idx(0x00000803, new int[] {n, rows, cols}, bytes(pixels));
    }

    static byte[] labels(int... labels) {
        return idx(0x00000801, new int[] {labels.length}, bytes(labels));
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
