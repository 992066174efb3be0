package dev.nnc.runtime.data;

import static dev.nnc.runtime.data.MnistTest.onPath;
import static dev.nnc.runtime.data.MnistTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarReaderTest {

    @TempDir
    Path dir;

    /** Archives made by GNU tar in each format it writes long names in are read with their full names. */
    @ParameterizedTest
    @ValueSource(strings = {"gnu", "pax", "ustar"})
    void readsNamesAndContentOfEachFormat(String format) throws IOException, InterruptedException {
        assumeTrue(onPath("tar"), "needs tar");
        String longDir = "package/" + "d".repeat(60) + "/" + "e".repeat(60);
        Path src = dir.resolve("src");
        byte[] big = new byte[1000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 7);
        }
        Files.createDirectories(src.resolve(longDir));
        Files.write(src.resolve(longDir).resolve("big.bin"), big);
        Files.write(src.resolve("package/empty"), new byte[0]);
        Files.write(src.resolve("package/one"), new byte[] {42});
        Path tar = dir.resolve("a.tar");
        run(src, "tar", "--format=" + format, "-cf", tar.toString(), "package/one", "package/empty", longDir + "/big.bin");

        List<String> names = new ArrayList<>();
        Path out = dir.resolve("out");
        try (InputStream in = Files.newInputStream(tar)) {
            TarReader.extract(in, name -> {
                names.add(name);
                return out.resolve(name.substring(name.lastIndexOf('/') + 1));
            });
        }
        assertEquals(List.of("package/one", "package/empty", longDir + "/big.bin"), names);
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(out.resolve("one")));
        assertArrayEquals(new byte[0], Files.readAllBytes(out.resolve("empty")));
        assertArrayEquals(big, Files.readAllBytes(out.resolve("big.bin")));
    }

    @Test
    void truncatedEntryIsAnError() throws IOException {
        byte[] header = new byte[512];
        byte[] name = "package/x".getBytes();
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] size = "00000001750\0".getBytes(); // 1000 bytes, octal
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        byte[] archive = Arrays.copyOf(header, 512 + 100); // only 100 of the 1000 bytes
        Path out = dir.resolve("x");
        EOFException e = assertThrows(EOFException.class,
                () -> TarReader.extract(new ByteArrayInputStream(archive), n -> out));
        assertEquals("tar entry truncated: 900 of 1000 bytes missing", e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no partial file is left");
        }
    }
}
