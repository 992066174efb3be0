package dev.nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built byte by byte from the format's definition, read back; malformed ones rejected by name. */
class SafetensorsReadTest {

    @TempDir
    Path dir;

    /** An 8-byte little-endian length, the header as given (no padding: the format does not require it), the data. */
    private Path file(String json, int... bytes) throws IOException {
        byte[] data = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            data[i] = (byte) bytes[i];
        }
        return file(json, data);
    }

    private Path file(String json, byte[] data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        return Files.write(dir.resolve("t.safetensors"), b.array());
    }

    private static String info(String dtype, String shape, long begin, long end) {
        return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    private String error(Path file) {
        return assertThrows(SafetensorsException.class, () -> Safetensors.read(file)).getMessage()
                .substring(file.toString().length() + 2);
    }

    @Test
    void roundTripKeepsOrderShapesValuesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fc1.weight", new Tensor(new int[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}));
        tensors.put("fc1.bias", new Tensor(new int[] {2}, new float[] {Float.NaN, Float.NEGATIVE_INFINITY}));
        tensors.put("empty", new Tensor(new int[] {0, 4}, new float[0]));
        tensors.put("t", new Tensor(new int[] {}, new float[] {42}));
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt", "nnc", "0.1"));
        TensorFile read = Safetensors.read(file);
        assertEquals(List.of("fc1.weight", "fc1.bias", "empty", "t"), List.copyOf(read.tensors().keySet()));
        assertEquals(tensors, read.tensors());
        assertEquals(Map.of("format", "pt", "nnc", "0.1"), read.metadata());
    }

    @Test
    void tensorsComeInDataOrderWhateverTheHeaderOrder() throws IOException {
        Path file = file("{\"b\":" + info("F32", "[1]", 4, 8) + ",\"a\":" + info("F32", "[1]", 0, 4) + "}",
                0, 0, 0x80, 0x3F, 0, 0, 0, 0x40);
        TensorFile read = Safetensors.read(file);
        assertEquals(List.of("a", "b"), List.copyOf(read.tensors().keySet()));
        assertArrayEquals(new float[] {1f}, read.tensor("a").data());
        assertArrayEquals(new float[] {2f}, read.tensor("b").data());
    }

    @Test
    void f16IsWidenedExactly() throws IOException {
        short[] halves = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x0400, (short) 0x8000, 0x7C00, 0x3555};
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : halves) {
            data.putShort(h);
        }
        float[] values = Safetensors.read(file("{\"h\":" + info("F16", "[8]", 0, 16) + "}", data.array()))
                .tensor("h").data();
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, 0x1p-14f, -0f, Float.POSITIVE_INFINITY,
            0.333251953125f}, values);
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(values[5]));
    }

    @Test
    void f16NanStaysNan() throws IOException {
        float[] v = Safetensors.read(file("{\"h\":" + info("F16", "[1]", 0, 2) + "}", 0x00, 0x7E))
                .tensor("h").data();
        assertEquals(Float.NaN, v[0]);
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat() throws IOException {
        // 0x3F80 -> 1.0, 0x4049 -> 3.140625, 0xC2F7 -> -123.5, 0x0001 -> 2^-133
        float[] values = Safetensors.read(file("{\"b\":" + info("BF16", "[4]", 0, 8) + "}",
                0x80, 0x3F, 0x49, 0x40, 0xF7, 0xC2, 0x01, 0x00)).tensor("b").data();
        assertArrayEquals(new float[] {1f, 3.140625f, -123.5f, 0x1p-133f}, values);
    }

    @Test
    void f64IsRoundedToFloat() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-2.5);
        float[] values = Safetensors.read(file("{\"d\":" + info("F64", "[2]", 0, 16) + "}", data.array()))
                .tensor("d").data();
        assertArrayEquals(new float[] {0.1f, -2.5f}, values);
    }

    @Test
    void paddedHeaderAndExtraFieldsAreAccepted() throws IOException {
        Path file = file("{\"a\":{\"shape\":[1],\"note\":[true,null,1.5e3],\"dtype\":\"F32\",\"data_offsets\":[0,4]}}   ",
                0, 0, 0x80, 0x3F);
        assertArrayEquals(new float[] {1f}, Safetensors.read(file).tensor("a").data());
    }

    @Test
    void overlappingTensors() throws IOException {
        Path file = file("{\"a\":" + info("F32", "[2]", 0, 8) + ",\"b\":" + info("F32", "[2]", 4, 12) + "}", new byte[12]);
        assertEquals("tensors `a` [0, 8) and `b` [4, 12) overlap", error(file));
    }

    @Test
    void gapBetweenTensors() throws IOException {
        Path file = file("{\"a\":" + info("F32", "[2]", 0, 8) + ",\"b\":" + info("F32", "[2]", 12, 20) + "}", new byte[20]);
        assertEquals("bytes [8, 12) of the data section belong to no tensor (before `b` [12, 20))", error(file));
    }

    @Test
    void truncatedData() throws IOException {
        Path file = file("{\"a\":" + info("F32", "[2]", 0, 8) + ",\"b\":" + info("F32", "[2]", 8, 16) + "}", new byte[12]);
        assertEquals("tensor `b` [8, 16) ends past the data section, which has 12 bytes; "
                + "the file is truncated or the offsets are wrong", error(file));
    }

    @Test
    void bytesAfterTheLastTensor() throws IOException {
        Path file = file("{\"a\":" + info("F32", "[2]", 0, 8) + "}", new byte[12]);
        assertEquals("the data section has 4 bytes after the last tensor; it should end at byte 8", error(file));
    }

    @Test
    void spanMustMatchShapeAndDtype() throws IOException {
        Path file = file("{\"a\":" + info("F32", "[2,3]", 0, 20) + "}", new byte[20]);
        assertEquals("tensor `a`: data_offsets [0, 20] span 20 bytes but F32 [2, 3] needs 24", error(file));
        Path reversed = file("{\"a\":" + info("F32", "[0]", 8, 0) + "}");
        assertEquals("tensor `a`: data_offsets [8, 0] end before they begin", error(reversed));
    }

    @Test
    void unknownAndUnsupportedDtypes() throws IOException {
        assertEquals("tensor `a`: unknown dtype `F99`", error(file("{\"a\":" + info("F99", "[1]", 0, 4) + "}", new byte[4])));
        Path i64 = file("{\"bn.num_batches_tracked\":" + info("I64", "[]", 0, 8) + "}", new byte[8]);
        assertEquals("tensor `bn.num_batches_tracked` has dtype I64; nnc reads only floating-point tensors "
                + "(F32, F64, F16, BF16)", error(i64));
    }

    @Test
    void malformedFields() throws IOException {
        assertEquals("tensor `a`: `shape` must be an array of non-negative integers",
                error(file("{\"a\":" + info("F32", "[-1]", 0, 4) + "}", new byte[4])));
        assertEquals("tensor `a`: `data_offsets` must be an array of 2 non-negative integers",
                error(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[4])));
        assertEquals("tensor `a`: missing or non-string `dtype`", error(file("{\"a\":{\"shape\":[]}}")));
        assertEquals("tensor `a`: expected an object with dtype, shape and data_offsets", error(file("{\"a\":3}")));
        assertEquals("`__metadata__` must map strings to strings; `epoch` is not a string",
                error(file("{\"__metadata__\":{\"epoch\":3}}")));
    }

    @Test
    void malformedJson() throws IOException {
        assertEquals("malformed JSON header at character 20: unexpected `}`, expected a string key",
                error(file("{\"a\":{\"dtype\":\"F32\",}}")));
        assertEquals("malformed JSON header at character 54: duplicate key \"a\"",
                error(file("{\"a\":" + info("F32", "[0]", 0, 0) + ",\"a\":" + info("F32", "[0]", 0, 0) + "}")));
        assertEquals("malformed JSON header at character 2: unterminated string", error(file("{\"")));
        assertEquals("the header must be a JSON object starting with `{`, found `[1]`", error(file("[1]")));
    }

    @Test
    void headerLengthProblems() throws IOException {
        Path shortFile = Files.write(dir.resolve("short"), new byte[] {1, 2, 3});
        assertEquals("truncated: the file has 3 bytes, fewer than the 8-byte header length that starts a "
                + "safetensors file", error(shortFile));
        Path cut = Files.write(dir.resolve("cut"), new byte[] {100, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
        assertEquals("truncated: the header length is 100 bytes but only 2 follow it", error(cut));
        Path huge = Files.write(dir.resolve("huge"), new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) 0x80, '{', '}'});
        assertEquals("header length 9223372036854775808 is over the 100000000-byte limit; is this a safetensors file?",
                error(huge));
    }

    @Test
    void headerMustBeUtf8() throws IOException {
        Path file = Files.write(dir.resolve("latin1"), new byte[] {4, 0, 0, 0, 0, 0, 0, 0, '{', '"', (byte) 0xE9, '}'});
        assertEquals("the header is not valid UTF-8", error(file));
    }

    @Test
    void missingTensorIsNamedWithWhatThereIs() throws IOException {
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, Map.of("w", new Tensor(new int[] {1}, new float[] {1})));
        var e = assertThrows(IllegalArgumentException.class, () -> Safetensors.read(file).tensor("fc1.weight"));
        assertEquals("no tensor `fc1.weight`; the file has [w]", e.getMessage());
    }
}
