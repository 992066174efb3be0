package dev.nnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads a file nnc wrote with an independent reader: Python's standard {@code json} and
 * {@code struct}, following the format's definition (neither {@code safetensors} nor {@code torch}
 * is installed on nnc's machines, and the runtime must not require them). Skipped without python3.
 */
class SafetensorsPythonTest {

    private static final String READER = String.join("\n",
            "import json, struct, sys",
            "raw = open(sys.argv[1], 'rb').read()",
            "(n,) = struct.unpack('<Q', raw[:8])",
            "assert n % 8 == 0, 'header not padded to 8'",
            "header = json.loads(raw[8:8 + n].decode('utf-8'))",
            "data = raw[8 + n:]",
            "meta = header.pop('__metadata__', {})",
            "out = [json.dumps(meta, ensure_ascii=True)]",
            "for name, info in header.items():",
            "    b, e = info['data_offsets']",
            "    count = 1",
            "    for d in info['shape']: count *= d",
            "    assert info['dtype'] == 'F32' and e - b == 4 * count",
            "    values = struct.unpack('<%df' % count, data[b:e])",
            "    out.append(json.dumps(name, ensure_ascii=True) + ' ' + repr(info['shape']) + ' ' + repr(list(values)))",
            "print('\\n'.join(out))");

    @TempDir
    Path dir;

    @Test
    void pythonReadsWhatNncWrites() throws IOException, InterruptedException {
        Path script = Files.writeString(dir.resolve("read.py"), READER);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("fc1.weight", new Tensor(new int[] {2, 2}, new float[] {0.5f, -1.25f, 3f, 1e-3f}));
        tensors.put("quo\"te\\back\nslash é 😀", new Tensor(new int[] {1}, new float[] {7f}));
        tensors.put("fc1.bias", new Tensor(new int[] {}, new float[] {-0.75f}));
        Path file = dir.resolve("m.safetensors");
        Safetensors.write(file, tensors, Map.of("format", "pt"));

        Process python;
        try {
            python = new ProcessBuilder("python3", script.toString(), file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed");
            return;
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        python.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, python.exitValue(), out);
        // float32 values print as the doubles Python widens them to; 1e-3f is 0.0010000000474974513
        assertEquals(String.join("\n",
                "{\"format\": \"pt\"}",
                "\"fc1.weight\" [2, 2] [0.5, -1.25, 3.0, 0.0010000000474974513]",
                "\"quo\\\"te\\\\back\\nslash \\u00e9 \\ud83d\\ude00\" [1] [7.0]",
                "\"fc1.bias\" [] [-0.75]") + "\n", out.replace("\r\n", "\n"));
    }
}
