package dev.nnc.runtime.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST (yann.lecun.com/exdb/mnist): a big-endian header (a magic
 * number {@code 0x0000TTDD}, T the element type and D the number of dimensions, then D 32-bit
 * sizes) followed by the elements. nnc reads the two kinds MNIST uses: unsigned-byte images
 * ({@code 0x00000803}: n, rows, cols) and unsigned-byte labels ({@code 0x00000801}: n).
 *
 * <p>A file may be gzip-compressed, as MNIST is distributed; this is detected from the gzip magic
 * bytes, not from the name, so a renamed file still reads. The file must hold exactly what its
 * header announces: a short file is reported as truncated and extra bytes as a header that does
 * not match its data.
 */
public final class Idx {

    /** Unsigned bytes (type 0x08), three dimensions: n, rows, cols. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Unsigned bytes (type 0x08), one dimension: n. */
    public static final int LABELS_MAGIC = 0x00000801;

    private Idx() {}

    /** Reads an image file, scaling each pixel {@code x} to {@code x / 255f}. */
    public static IdxImages readImages(Path file) throws IOException {
        ImageBytes x = readImageBytes(file);
        float[] pixels = new float[x.pixels.length];
        Dataset.scalePixels(x.pixels, 0, pixels, 0, pixels.length);
        return new IdxImages(x.n, x.rows, x.cols, pixels);
    }

    /** An image file's pixels as stored: unsigned bytes. */
    private record ImageBytes(int n, int rows, int cols, byte[] pixels) {}

    private static ImageBytes readImageBytes(Path file) throws IOException {
        return read(file, in -> {
            int[] header = header(file, in, IMAGES_MAGIC, "images", 3);
            int n = header[0];
            int rows = header[1];
            int cols = header[2];
            long total = (long) n * rows * cols;
            if (total > Integer.MAX_VALUE) {
                throw new DataException(file + ": " + n + " images of " + rows + "x" + cols
                        + " pixels are more than one Java array holds");
            }
            byte[] raw = new byte[(int) total]; // read in place: readNBytes(int) would hold the data twice
            int read = readInChunks(in, raw);
            if (read < total) {
                throw new DataException(file + ": truncated: expected " + total + " bytes of pixels (" + n
                        + " images of " + rows + "x" + cols + "), found " + read);
            }
            requireEnd(file, in, n + " images of " + rows + "x" + cols);
            return new ImageBytes(n, rows, cols, raw);
        });
    }

    /** Reads a label file whose labels must all lie in {@code 0 .. classes-1}. */
    public static int[] readLabels(Path file, int classes) throws IOException {
        return read(file, in -> {
            int n = header(file, in, LABELS_MAGIC, "labels", 1)[0];
            byte[] raw = in.readNBytes(n);
            if (raw.length < n) {
                throw new DataException(file + ": truncated: expected " + n + " bytes of labels, found " + raw.length);
            }
            requireEnd(file, in, n + " labels");
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = raw[i] & 0xFF;
                if (labels[i] >= classes) {
                    throw new DataException(file + ": label " + labels[i] + " of example " + i
                            + " is out of range: expected 0.." + (classes - 1) + " for " + classes + " classes");
                }
            }
            return labels;
        });
    }

    /**
     * Reads an image file and its label file into one data set, checking that their counts agree; the
     * pixels stay bytes (scaled to [0, 1] as batches are filled).
     */
    public static Dataset read(Path images, Path labels, int classes) throws IOException {
        ImageBytes x = readImageBytes(images);
        int[] y = readLabels(labels, classes);
        if (x.n() != y.length) {
            throw new DataException(images + " has " + x.n() + " images but " + labels + " has "
                    + y.length + " labels; they must describe the same examples");
        }
        return Dataset.ofPixels(x.pixels(), x.rows() * x.cols(), y);
    }

    private interface Body<T> {
        T read(InputStream in) throws IOException;
    }

    /** Opens {@code file}, through gzip when it starts with the gzip magic bytes 1f 8b. */
    private static <T> T read(Path file, Body<T> body) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1F && raw.read() == 0x8B;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return body.read(in);
            } catch (DataException e) {
                throw e;
            } catch (IOException e) {
                if (!gzip) {
                    throw e;
                }
                throw new DataException(file + ": corrupt or truncated gzip data (" + e.getMessage() + ")", e);
            }
        }
    }

    /**
     * Fills {@code dst} from {@code in} a MiB at a time and returns the bytes read. One read of the whole
     * array would make the file channel copy through a temporary native buffer as large as the file (47 MB
     * for MNIST's training images, 50–70 ms of page faults and copying at start-up).
     */
    private static int readInChunks(InputStream in, byte[] dst) throws IOException {
        int off = 0;
        while (off < dst.length) {
            int read = in.read(dst, off, Math.min(1 << 20, dst.length - off));
            if (read < 0) {
                break;
            }
            off += read;
        }
        return off;
    }

    /** Reads the magic number and the {@code dims} sizes, checking both. */
    private static int[] header(Path file, InputStream in, int magic, String kind, int dims) throws IOException {
        byte[] bytes = in.readNBytes(4 + 4 * dims);
        if (bytes.length >= 4 && readInt(bytes, 0) != magic) {
            throw new DataException(String.format("%s: not an IDX %s file: magic number 0x%08X%s, expected 0x%08X "
                    + "(unsigned bytes, %d dimension%s)", file, kind, readInt(bytes, 0), describe(readInt(bytes, 0)),
                    magic, dims, dims == 1 ? "" : "s"));
        }
        if (bytes.length < 4 + 4 * dims) {
            throw new DataException(file + ": truncated: an IDX " + kind + " file starts with a " + (4 + 4 * dims)
                    + "-byte header, found " + bytes.length + " bytes");
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            sizes[i] = readInt(bytes, 4 + 4 * i);
            if (sizes[i] < 0) {
                throw new DataException(file + ": dimension " + (i + 1) + " is " + Integer.toUnsignedString(sizes[i])
                        + ", too large for an IDX " + kind + " file");
            }
        }
        return sizes;
    }

    /** What a wrong magic number looks like, so "you passed the labels file" is easy to see. */
    private static String describe(int magic) {
        if ((magic >>> 16) != 0) {
            return " (not an IDX file)";
        }
        String type = switch ((magic >>> 8) & 0xFF) {
            case 0x08 -> "unsigned bytes";
            case 0x09 -> "signed bytes";
            case 0x0B -> "shorts";
            case 0x0C -> "ints";
            case 0x0D -> "floats";
            case 0x0E -> "doubles";
            default -> null;
        };
        int dims = magic & 0xFF;
        return type == null ? " (not an IDX file)" : " (" + type + ", " + dims + " dimension" + (dims == 1 ? ")" : "s)");
    }

    private static void requireEnd(Path file, InputStream in, String announced) throws IOException {
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DataException(file + ": " + extra + " bytes follow the " + announced
                    + " the header announces; the header does not match the data");
        }
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }
}
