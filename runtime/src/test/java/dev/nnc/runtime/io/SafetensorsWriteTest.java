package dev.nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bytes written, checked against layouts worked out by hand from the format's definition. */
class SafetensorsWriteTest {

    @TempDir
    Path dir;

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** The JSON header of a file's bytes, padding included. */
    static String header(byte[] file) {
        int n = (int) java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, n, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void oneTensorHeaderIsPaddedWithSpacesToAMultipleOfEight() {
        // the example of the reference implementation's own tests: a 65-byte header, padded to 72
        Tensor attn0 = new Tensor(new int[] {1, 1, 2, 3}, new float[] {0, 1, 2, 3, 4, 5});
        String json = "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}";
        assertEquals(65, json.length());
        byte[] expected = concat(
                new byte[] {72, 0, 0, 0, 0, 0, 0, 0},
                ascii(json + "       "),
                new byte[] {
                    0, 0, 0, 0, // 0.0f
                    0, 0, (byte) 0x80, 0x3F, // 1.0f = 0x3F800000, little-endian
                    0, 0, 0, 0x40, // 2.0f = 0x40000000
                    0, 0, 0x40, 0x40, // 3.0f = 0x40400000
                    0, 0, (byte) 0x80, 0x40, // 4.0f = 0x40800000
                    0, 0, (byte) 0xA0, 0x40 // 5.0f = 0x40A00000
                });
        assertArrayEquals(expected, Safetensors.toBytes(Map.of("attn0", attn0), Map.of()));
    }

    @Test
    void emptyFileIsBracesAndSixSpaces() {
        assertArrayEquals(concat(new byte[] {8, 0, 0, 0, 0, 0, 0, 0}, ascii("{}      ")),
                Safetensors.toBytes(Map.of(), Map.of()));
    }

    @Test
    void metadataComesFirst() {
        String json = "{\"__metadata__\":{\"framework\":\"pt\"}}"; // 35 bytes, padded to 40
        assertArrayEquals(concat(new byte[] {40, 0, 0, 0, 0, 0, 0, 0}, ascii(json + "     ")),
                Safetensors.toBytes(Map.of(), Map.of("framework", "pt")));
    }

    @Test
    void tensorsKeepTheGivenOrderAndTileTheDataSection() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fc2.weight", new Tensor(new int[] {1, 2}, new float[] {1, 2}));
        tensors.put("fc1.bias", new Tensor(new int[] {3}, new float[] {3, 4, 5}));
        tensors.put("scale", new Tensor(new int[] {}, new float[] {6}));
        byte[] bytes = Safetensors.toBytes(tensors, Map.of("epoch", "3"));
        String header = header(bytes);
        assertEquals("{\"__metadata__\":{\"epoch\":\"3\"},"
                + "\"fc2.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"fc1.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]},"
                + "\"scale\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[20,24]}}", header.stripTrailing());
        assertEquals(0, header.length() % 8);
        assertEquals(8 + header.length() + 24, bytes.length);
    }

    @Test
    void namesAreEscapedAsJsonStrings() {
        String name = "a\"b\\c\nd\u0001é";
        byte[] bytes = Safetensors.toBytes(Map.of(name, new Tensor(new int[] {0}, new float[0])), Map.of());
        String header = header(bytes).stripTrailing();
        assertEquals("{\"a\\\"b\\\\c\\nd\\u0001é\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}", header);
    }

    @Test
    void writeReplacesTheFileAtomicallyAndLeavesNothingElse() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "old");
        Safetensors.write(file, Map.of("w", new Tensor(new int[] {1}, new float[] {1})));
        assertEquals(Safetensors.toBytes(Map.of("w", new Tensor(new int[] {1}, new float[] {1})), Map.of()).length,
                Files.size(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void failedWriteKeepsTheOldFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "old");
        var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(file,
                Map.of("__metadata__", new Tensor(new int[] {1}, new float[] {1}))));
        assertEquals("`__metadata__` is reserved and cannot name a tensor", e.getMessage());
        assertEquals("old", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void failureWhileWritingDeletesTheTemporaryFile() throws IOException {
        Path file = dir.resolve("out.bin");
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw new IOException("disk full");
        }));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }
}
