package dev.nnc.runtime.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: named tensors in file order, and the free-form string
 * metadata of its {@code __metadata__} entry (empty when there is none).
 *
 * <p>Names and layouts are PyTorch's: {@code fc1.weight} is [out, in], {@code conv1.weight} is
 * [out_ch, in_ch, kh, kw], so a file written by nnc loads into a PyTorch model and back.
 */
public record TensorFile(Map<String, Tensor> tensors, Map<String, String> metadata) {

    public TensorFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        if (tensors.containsKey(Safetensors.METADATA_KEY)) {
            throw new IllegalArgumentException("`" + Safetensors.METADATA_KEY + "` is reserved and cannot name a tensor");
        }
    }

    /** The tensor called {@code name}; fails with the names there are when it is absent. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor `" + name + "`; the file has " + tensors.keySet());
        }
        return t;
    }
}
