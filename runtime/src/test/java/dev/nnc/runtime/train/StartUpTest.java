package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.data.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the train block's data while the command line is parsed, and when that guess is not made. */
class StartUpTest {

    @TempDir
    Path dir;

    private static TrainSettings settings(String data) {
        return new TrainSettings(data, "sgd", 0.1, 10, 1, 1L, true, 0, 0, "none", 0, 0, 1, 1);
    }

    /** Starts up with a trainer that cannot be built: the warm-up it starts ends at once. */
    private static StartUp begin(String[] args, TrainSettings settings) {
        return StartUp.begin(args, settings, batch -> {
            throw new UnsupportedOperationException("no model in this test");
        });
    }

    @Test
    void loadsTheTrainBlocksIdxFolderInTheBackground() throws IOException {
        writeIdx("train-images-idx3-ubyte", 0x803, new int[] {2, 1, 2}, 0, 255, 255, 0);
        writeIdx("train-labels-idx1-ubyte", 0x801, new int[] {2}, 3, 4);
        writeIdx("t10k-images-idx3-ubyte", 0x803, new int[] {1, 1, 2}, 51, 102);
        writeIdx("t10k-labels-idx1-ubyte", 0x801, new int[] {1}, 9);
        StartUp startUp = begin(new String[] {"--epochs", "2"}, settings("idx:" + dir));
        assertTrue(startUp.loadingData());
        Mnist.Data data = startUp.data();
        assertEquals(2, data.train().n());
        assertEquals(1, data.test().n());
        assertEquals(9, data.test().classLabels()[0]);
    }

    @Test
    void reportsTheLoadersErrorWhenAsked() {
        StartUp startUp = begin(new String[0], settings("idx:" + dir.resolve("missing")));
        assertTrue(startUp.loadingData());
        IOException e = assertThrows(IOException.class, startUp::data);
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void leavesTheDataAloneWhenTheArgumentsCouldChooseOther() {
        String idx = "idx:" + dir;
        assertFalse(begin(new String[] {"--data", "elsewhere"}, settings(idx)).loadingData());
        assertFalse(begin(new String[] {"--data=elsewhere"}, settings(idx)).loadingData());
        assertFalse(begin(new String[] {"@flags.txt"}, settings(idx)).loadingData());
        assertFalse(begin(new String[0], settings("csv:line.csv:-1")).loadingData());
        assertFalse(begin(new String[0], settings(null)).loadingData());
    }

    private void writeIdx(String name, int magic, int[] sizes, int... body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int s : sizes) {
                out.writeInt(s);
            }
            for (int b : body) {
                out.writeByte(b);
            }
        }
        Files.write(dir.resolve(name), bytes.toByteArray());
    }
}
