package dev.nnc.runtime.io;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated safetensors header: the tensors sorted by data offset, and the metadata.
 * {@link #parse} enforces what the reference reader enforces, with messages that say which tensor
 * is wrong and how.
 */
record SafetensorsHeader(List<Entry> entries, Map<String, String> metadata) {

    /** One tensor's header entry; {@code begin} and {@code end} are relative to the data section. */
    record Entry(String name, Dtype dtype, int[] shape, long begin, long end) {
        int elementCount() {
            return (int) Tensor.elementCount(shape);
        }

        String describe() {
            return "`" + name + "` [" + begin + ", " + end + ")";
        }
    }

    static SafetensorsHeader parse(Path file, Map<String, Object> root, long dataLength) throws SafetensorsException {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, Object> member : root.entrySet()) {
            if (member.getKey().equals(Safetensors.METADATA_KEY)) {
                metadata = metadata(file, member.getValue());
            } else {
                entries.add(entry(file, member.getKey(), member.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end() > dataLength) {
                throw new SafetensorsException(file, "tensor " + e.describe() + " ends past the data section, which has "
                        + dataLength + " bytes; the file is truncated or the offsets are wrong");
            }
            if (e.begin() < expected) {
                throw new SafetensorsException(file, "tensors " + previous.describe() + " and " + e.describe() + " overlap");
            }
            if (e.begin() > expected) {
                throw new SafetensorsException(file, "bytes [" + expected + ", " + e.begin()
                        + ") of the data section belong to no tensor (before " + e.describe() + ")");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw new SafetensorsException(file, "the data section has " + (dataLength - expected)
                    + " bytes after the last tensor; it should end at byte " + expected);
        }
        for (Entry e : entries) {
            if (!e.dtype().readable()) {
                throw new SafetensorsException(file, "tensor `" + e.name() + "` has dtype " + e.dtype()
                        + "; nnc reads only floating-point tensors (F32, F64, F16, BF16)");
            }
        }
        return new SafetensorsHeader(List.copyOf(entries), metadata);
    }

    private static Map<String, String> metadata(Path file, Object value) throws SafetensorsException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new SafetensorsException(file, "`" + Safetensors.METADATA_KEY + "` must be an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> m : map.entrySet()) {
            if (!(m.getValue() instanceof String s)) {
                throw new SafetensorsException(file, "`" + Safetensors.METADATA_KEY + "` must map strings to strings; `"
                        + m.getKey() + "` is not a string");
            }
            metadata.put((String) m.getKey(), s);
        }
        return metadata;
    }

    private static Entry entry(Path file, String name, Object value) throws SafetensorsException {
        String where = "tensor `" + name + "`: ";
        if (!(value instanceof Map<?, ?> info)) {
            throw new SafetensorsException(file, where + "expected an object with dtype, shape and data_offsets");
        }
        if (!(info.get("dtype") instanceof String dtypeName)) {
            throw new SafetensorsException(file, where + "missing or non-string `dtype`");
        }
        Dtype dtype = Dtype.named(dtypeName);
        if (dtype == null) {
            throw new SafetensorsException(file, where + "unknown dtype `" + dtypeName + "`");
        }
        long[] dims = integers(file, where, "shape", info.get("shape"), -1);
        long[] offsets = integers(file, where, "data_offsets", info.get("data_offsets"), 2);
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > Integer.MAX_VALUE) {
                throw new SafetensorsException(file, where + "shape dimension " + dims[i] + " is too large");
            }
            shape[i] = (int) dims[i];
        }
        long count = Tensor.elementCount(shape);
        if (count > Integer.MAX_VALUE) {
            throw new SafetensorsException(file, where + "has " + count + " elements, more than a Java array holds");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (end < begin) {
            throw new SafetensorsException(file, where + "data_offsets [" + begin + ", " + end + "] end before they begin");
        }
        if (end - begin != count * dtype.size) {
            throw new SafetensorsException(file, where + "data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes but " + dtype + " " + Arrays.toString(shape) + " needs " + count * dtype.size);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** A JSON array of non-negative integers ({@code length} of them unless it is -1). */
    private static long[] integers(Path file, String where, String field, Object value, int length)
            throws SafetensorsException {
        String expected = "`" + field + "` must be an array of " + (length < 0 ? "" : length + " ")
                + "non-negative integers";
        if (!(value instanceof List<?> list) || (length >= 0 && list.size() != length)) {
            throw new SafetensorsException(file, where + expected);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof BigDecimal number) || number.signum() < 0) {
                throw new SafetensorsException(file, where + expected);
            }
            try {
                out[i] = number.longValueExact();
            } catch (ArithmeticException e) {
                throw new SafetensorsException(file, where + expected + ", found " + number);
            }
        }
        return out;
    }
}
