package dev.nnc.bench.tf;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Minimal MNIST IDX reader (raw or gzip-compressed files, detected by the gzip magic bytes). */
final class Mnist {

  /** Images as row-major [n, rows*cols] floats scaled to [0, 1], labels as ints 0..9. */
  record Split(float[] images, int[] labels, int count, int pixels) {}

  private Mnist() {}

  static Split load(Path dir, boolean train) throws IOException {
    String prefix = train ? "train" : "t10k";
    Path imagesFile = find(dir, prefix + "-images-idx3-ubyte");
    Path labelsFile = find(dir, prefix + "-labels-idx1-ubyte");

    ByteBuffer img = ByteBuffer.wrap(readMaybeGzip(imagesFile));
    if (img.remaining() < 16 || img.getInt(0) != 0x00000803) {
      throw new IOException("not an IDX3 ubyte image file (bad magic/header): " + imagesFile);
    }
    int n = img.getInt(4);
    int rows = img.getInt(8);
    int cols = img.getInt(12);
    int pixels = rows * cols;
    if (n <= 0 || rows <= 0 || cols <= 0 || img.remaining() != 16 + (long) n * pixels) {
      throw new IOException("truncated or inconsistent IDX image file (header says " + n + "x" + rows + "x"
          + cols + ", file has " + img.remaining() + " bytes): " + imagesFile);
    }

    ByteBuffer lab = ByteBuffer.wrap(readMaybeGzip(labelsFile));
    if (lab.remaining() < 8 || lab.getInt(0) != 0x00000801) {
      throw new IOException("not an IDX1 ubyte label file (bad magic/header): " + labelsFile);
    }
    int ln = lab.getInt(4);
    if (ln != n || lab.remaining() != 8 + (long) ln) {
      throw new IOException("label file has " + ln + " labels / " + lab.remaining()
          + " bytes but image file has " + n + " images: " + labelsFile);
    }

    byte[] ib = img.array();
    float[] images = new float[n * pixels];
    for (int i = 0; i < images.length; i++) {
      images[i] = (ib[16 + i] & 0xff) / 255.0f;
    }
    byte[] lb = lab.array();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int v = lb[8 + i] & 0xff;
      if (v > 9) {
        throw new IOException("label " + v + " out of range 0..9 at index " + i + ": " + labelsFile);
      }
      labels[i] = v;
    }
    return new Split(images, labels, n, pixels);
  }

  /** Accepts the plain name or the same name with a .gz suffix. */
  private static Path find(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    if (Files.isRegularFile(p)) {
      return p;
    }
    Path gz = dir.resolve(name + ".gz");
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    throw new IOException("MNIST file not found: " + p + " (nor " + gz + ")");
  }

  private static byte[] readMaybeGzip(Path file) throws IOException {
    byte[] raw = Files.readAllBytes(file);
    if (raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length * 4);
        in.transferTo(out);
        return out.toByteArray();
      } catch (IOException e) {
        throw new IOException("corrupt gzip file: " + file + ": " + e.getMessage(), e);
      }
    }
    return raw;
  }
}
