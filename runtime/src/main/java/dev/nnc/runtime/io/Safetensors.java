package dev.nnc.runtime.io;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format (huggingface/safetensors), byte for byte:
 *
 * <pre>
 *   8 bytes   N, the header length, unsigned 64-bit little-endian
 *   N bytes   a UTF-8 JSON object, padded with spaces to a multiple of 8 so the data is aligned:
 *             {"__metadata__":{"k":"v"},"fc1.weight":{"dtype":"F32","shape":[128,784],"data_offsets":[0,401408]},...}
 *   the rest  the data section: each tensor's elements, row-major, little-endian, at its
 *             [begin, end) byte offsets relative to the start of the data section
 * </pre>
 *
 * Writing produces F32 tensors in the order given (the format requires no order; the reference
 * writer sorts by dtype and name, which only matters when mixing dtypes), with {@code __metadata__}
 * first and omitted when empty, compact JSON as serde_json writes it. Reading accepts F32, F64, F16
 * and BF16 (converted to float) and is as strict as the reference reader: the tensors must tile the
 * data section exactly (no overlap, no gap, nothing after the last), each span must match its dtype
 * and shape, and every problem is reported with the file's name.
 *
 * <p>The JSON is handled by the small {@link HeaderJson} because the runtime has no dependencies.
 */
public final class Safetensors {

    /** The header key reserved for free-form string metadata. */
    public static final String METADATA_KEY = "__metadata__";

    /** The reference implementation refuses longer headers; so do we, to stop absurd allocations. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    private static final int CHUNK = 1 << 20;

    private Safetensors() {}

    /** Reads every tensor of {@code file}, in the order of their data offsets. */
    public static TensorFile read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(file, "truncated: the file has " + size
                        + " bytes, fewer than the 8-byte header length that starts a safetensors file");
            }
            long n = readFully(channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw new SafetensorsException(file, "header length " + Long.toUnsignedString(n)
                        + " is over the " + MAX_HEADER_BYTES + "-byte limit; is this a safetensors file?");
            }
            if (n > size - 8) {
                throw new SafetensorsException(file, "truncated: the header length is " + n
                        + " bytes but only " + (size - 8) + " follow it");
            }
            String json = decodeUtf8(file, readFully(channel, 8, (int) n));
            SafetensorsHeader header = SafetensorsHeader.parse(file, parseJson(file, json), size - 8 - n);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.entries()) {
                tensors.put(e.name(), readTensor(channel, 8 + n, e));
            }
            return new TensorFile(tensors, header.metadata());
        }
    }

    /** Writes {@code tensors} as F32, atomically, without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes {@code tensors} (in their iteration order) as F32 with {@code metadata}, atomically. */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata); // validate before touching the file system
        AtomicFiles.write(file, out -> writeTo(out, header, tensors));
    }

    /** The whole file as bytes; for tests and for callers that are not writing to a file. */
    public static byte[] toBytes(Map<String, Tensor> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(out, header(tensors, metadata), tensors);
        } catch (IOException e) {
            throw new AssertionError("a ByteArrayOutputStream does not fail", e);
        }
        return out.toByteArray();
    }

    /** The length field and the padded JSON header. */
    static byte[] header(Map<String, Tensor> tensors, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            json.append(HeaderJson.quote(METADATA_KEY)).append(":{");
            String sep = "";
            for (Map.Entry<String, String> m : metadata.entrySet()) {
                json.append(sep).append(HeaderJson.quote(m.getKey())).append(':').append(HeaderJson.quote(m.getValue()));
                sep = ",";
            }
            json.append('}');
        }
        long offset = 0;
        String sep = metadata.isEmpty() ? "" : ",";
        for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
            if (t.getKey().equals(METADATA_KEY)) {
                throw new IllegalArgumentException("`" + METADATA_KEY + "` is reserved and cannot name a tensor");
            }
            long end = offset + 4L * t.getValue().data().length;
            json.append(sep).append(HeaderJson.quote(t.getKey()))
                    .append(":{\"dtype\":\"F32\",\"shape\":").append(shapeJson(t.getValue().shape()))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
            sep = ",";
        }
        byte[] text = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(text);
        while (out.hasRemaining()) {
            out.put((byte) ' ');
        }
        return out.array();
    }

    private static String shapeJson(int[] shape) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return s.append(']').toString();
    }

    private static void writeTo(OutputStream out, byte[] header, Map<String, Tensor> tensors) throws IOException {
        out.write(header);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : tensors.values()) {
            float[] data = t.data();
            for (int from = 0; from < data.length; from += CHUNK / 4) {
                int count = Math.min(CHUNK / 4, data.length - from);
                chunk.clear();
                chunk.asFloatBuffer().put(data, from, count);
                out.write(chunk.array(), 0, count * 4);
            }
        }
    }

    private static Tensor readTensor(FileChannel channel, long dataStart, SafetensorsHeader.Entry e) throws IOException {
        float[] data = new float[e.elementCount()];
        int size = e.dtype().size;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(8, e.end() - e.begin())))
                .order(ByteOrder.LITTLE_ENDIAN);
        long position = dataStart + e.begin();
        int i = 0;
        while (i < data.length) {
            int elements = Math.min(chunk.capacity() / size, data.length - i);
            chunk.clear().limit(elements * size);
            readFully(channel, position, chunk);
            position += (long) elements * size;
            chunk.flip();
            if (e.dtype() == Dtype.F32) {
                chunk.asFloatBuffer().get(data, i, elements);
                i += elements;
            } else {
                for (int k = 0; k < elements; k++) {
                    data[i++] = e.dtype().read(chunk);
                }
            }
        }
        return new Tensor(e.shape(), data);
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        readFully(channel, position, buffer);
        return buffer.flip();
    }

    private static void readFully(FileChannel channel, long position, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new EOFException("file shrank while being read");
            }
            position += read;
        }
    }

    private static String decodeUtf8(Path file, ByteBuffer bytes) throws SafetensorsException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsException(file, "the header is not valid UTF-8");
        }
    }

    private static Map<String, Object> parseJson(Path file, String json) throws SafetensorsException {
        if (!json.startsWith("{")) {
            String start = json.isEmpty() ? "nothing" : "`" + json.substring(0, Math.min(8, json.length())) + "`";
            throw new SafetensorsException(file, "the header must be a JSON object starting with `{`, found " + start);
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) HeaderJson.parse(json);
            return root;
        } catch (ParseException e) {
            throw new SafetensorsException(file, "malformed JSON header at character "
                    + e.getErrorOffset() + ": " + e.getMessage());
        }
    }
}
