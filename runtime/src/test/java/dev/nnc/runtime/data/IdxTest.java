package dev.nnc.runtime.data;

import static dev.nnc.runtime.data.IdxFiles.gzip;
import static dev.nnc.runtime.data.IdxFiles.images;
import static dev.nnc.runtime.data.IdxFiles.labels;
import static dev.nnc.runtime.data.IdxFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    @Test
    void imagesAreScaledToUnitIntervalRowMajor() throws IOException {
        // two 2x3 images; 255 -> 1, 0 -> 0, 51 -> 0.2
        Path file = write(dir.resolve("img"), images(2, 2, 3, 0, 255, 51, 1, 2, 3, 10, 20, 30, 40, 50, 254));
        IdxImages img = Idx.readImages(file);
        assertEquals(2, img.count());
        assertEquals(2, img.rows());
        assertEquals(3, img.cols());
        assertArrayEquals(new float[] {0f, 1f, 51 / 255f, 1 / 255f, 2 / 255f, 3 / 255f,
                10 / 255f, 20 / 255f, 30 / 255f, 40 / 255f, 50 / 255f, 254 / 255f}, img.pixels());
        assertEquals(0.2f, img.pixels()[2], 1e-7f);
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException {
        byte[] raw = images(1, 1, 2, 128, 64);
        Path gzippedWithoutSuffix = write(dir.resolve("a-idx3-ubyte"), gzip(raw));
        Path rawWithGzSuffix = write(dir.resolve("b-idx3-ubyte.gz"), raw);
        float[] expected = {128 / 255f, 64 / 255f};
        assertArrayEquals(expected, Idx.readImages(gzippedWithoutSuffix).pixels());
        assertArrayEquals(expected, Idx.readImages(rawWithGzSuffix).pixels());
    }

    @Test
    void labelsAreUnsignedBytes() throws IOException {
        Path file = write(dir.resolve("lab"), labels(7, 0, 9, 3));
        assertArrayEquals(new int[] {7, 0, 9, 3}, Idx.readLabels(file, 10));
        Path wide = write(dir.resolve("wide"), labels(200, 255));
        assertArrayEquals(new int[] {200, 255}, Idx.readLabels(wide, 256));
    }

    @Test
    void labelFilePassedAsImagesReportsBothMagicNumbers() throws IOException {
        Path file = write(dir.resolve("lab"), labels(1, 2));
        DataException e = assertThrows(DataException.class, () -> Idx.readImages(file));
        assertEquals(file + ": not an IDX images file: magic number 0x00000801 (unsigned bytes, 1 dimension), "
                + "expected 0x00000803 (unsigned bytes, 3 dimensions)", e.getMessage());
    }

    @Test
    void nonIdxFileIsNamedAsSuch() throws IOException {
        Path file = write(dir.resolve("page.html"), "<!DOCTYPE html><html></html>".getBytes());
        DataException e = assertThrows(DataException.class, () -> Idx.readLabels(file, 10));
        assertEquals(file + ": not an IDX labels file: magic number 0x3C21444F (not an IDX file), "
                + "expected 0x00000801 (unsigned bytes, 1 dimension)", e.getMessage());
    }

    @Test
    void truncatedPixelsSayHowManyBytesWereExpectedAndFound() throws IOException {
        byte[] whole = images(3, 2, 2, new int[12]);
        Path file = write(dir.resolve("img"), Arrays.copyOf(whole, whole.length - 5));
        DataException e = assertThrows(DataException.class, () -> Idx.readImages(file));
        assertEquals(file + ": truncated: expected 12 bytes of pixels (3 images of 2x2), found 7", e.getMessage());
    }

    @Test
    void truncatedHeader() throws IOException {
        Path file = write(dir.resolve("img"), Arrays.copyOf(images(1, 1, 1, 0), 10));
        DataException e = assertThrows(DataException.class, () -> Idx.readImages(file));
        assertEquals(file + ": truncated: an IDX images file starts with a 16-byte header, found 10 bytes",
                e.getMessage());
    }

    @Test
    void bytesBeyondWhatTheHeaderAnnouncesAreAnError() throws IOException {
        Path file = write(dir.resolve("lab"), Arrays.copyOf(labels(1, 2), 8 + 2 + 3));
        DataException e = assertThrows(DataException.class, () -> Idx.readLabels(file, 10));
        assertEquals(file + ": 3 bytes follow the 2 labels the header announces; the header does not match the data",
                e.getMessage());
    }

    @Test
    void truncatedGzipIsReportedWithTheFile() throws IOException {
        byte[] gz = gzip(images(2, 4, 4, new int[32]));
        Path file = write(dir.resolve("img.gz"), Arrays.copyOf(gz, gz.length - 12));
        DataException e = assertThrows(DataException.class, () -> Idx.readImages(file));
        assertEquals(file + ": corrupt or truncated gzip data", e.getMessage().replaceAll(" \\(.*\\)$", ""));
    }

    @Test
    void labelOutOfRangeNamesTheExampleAndTheRange() throws IOException {
        Path file = write(dir.resolve("lab"), labels(1, 2, 10));
        DataException e = assertThrows(DataException.class, () -> Idx.readLabels(file, 10));
        assertEquals(file + ": label 10 of example 2 is out of range: expected 0..9 for 10 classes", e.getMessage());
    }

    @Test
    void countMismatchNamesBothFilesAndCounts() throws IOException {
        Path img = write(dir.resolve("img"), images(2, 1, 1, 5, 6));
        Path lab = write(dir.resolve("lab"), labels(1, 2, 3));
        DataException e = assertThrows(DataException.class, () -> Idx.read(img, lab, 10));
        assertEquals(img + " has 2 images but " + lab + " has 3 labels; they must describe the same examples",
                e.getMessage());
    }

    @Test
    void readPairsImagesWithLabels() throws IOException {
        Path img = write(dir.resolve("img"), images(2, 1, 2, 0, 255, 255, 0));
        Path lab = write(dir.resolve("lab"), labels(4, 2));
        Dataset d = Idx.read(img, lab, 10);
        assertEquals(2, d.n());
        assertEquals(2, d.featureSize());
        assertArrayEquals(new float[] {0, 1, 1, 0}, d.floatFeatures());
        assertArrayEquals(new byte[] {0, (byte) 255, (byte) 255, 0}, d.pixels());
        assertArrayEquals(new int[] {4, 2}, d.classLabels());
    }

    @Test
    void emptyImageSetIsValid() throws IOException {
        Path img = write(dir.resolve("img"), images(0, 28, 28));
        assertEquals(0, Idx.readImages(img).pixels().length);
    }
}
