package dev.nnc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.compiler.Sources;
import dev.nnc.runtime.io.Safetensors;
import dev.nnc.runtime.io.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CNN's weights under PyTorch's names and layouts (nn.Conv2d [out, in, kh, kw], nn.Linear [out, in]), through safetensors. */
class WeightsLayoutTest {
    @TempDir
    Path dir;

    @Test
    void theCnnSavesAndLoadsAPyTorchStateDict() throws Exception {
        String cnn = Files.readString(Sources.samplesDir().resolve("mnist-cnn/src/main/nn/cnn/mnist_cnn.nn"));
        GeneratedModel a = GeneratedModel.compile(cnn, Precision.FLOAT, 2);
        a.call("initialize", 3L);
        @SuppressWarnings("unchecked")
        Map<String, Tensor> state = (Map<String, Tensor>) a.call("state");
        Map<String, List<Integer>> shapes = new LinkedHashMap<>();
        state.forEach((name, t) -> shapes.put(name, Arrays.stream(t.shape()).boxed().toList()));
        assertEquals(Map.of(
                "conv1.weight", List.of(32, 1, 5, 5), "conv1.bias", List.of(32),
                "conv2.weight", List.of(64, 32, 5, 5), "conv2.bias", List.of(64),
                "fc1.weight", List.of(1024, 3136), "fc1.bias", List.of(1024),
                "fc2.weight", List.of(10, 1024), "fc2.bias", List.of(10)), shapes);
        assertEquals(List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight",
                "fc2.bias"), List.copyOf(shapes.keySet()));

        Path file = dir.resolve("cnn.safetensors");
        a.call("save", file);
        GeneratedModel b = GeneratedModel.compile(cnn, Precision.FLOAT, 2);
        b.call("load", file);
        float[] image = new float[2 * 784];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 37 % 255) / 255f;
        }
        a.call("forward", image, 2, false);
        b.call("forward", image, 2, false);
        assertArrayEquals((float[]) a.call("output"), (float[]) b.call("output"));
        assertEquals(8, Safetensors.read(file).tensors().size());
    }
}
