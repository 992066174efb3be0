package linefit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classes nnc-maven-plugin generated from line_fit.nn learn the line of line.csv, as `nnc train` does. */
class LineFitTest {

    @Test
    void learnsTheLine() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("src/main/nn/linefit/line.csv")).stream()
                .skip(1).filter(r -> !r.isBlank()).toList();
        int n = rows.size();
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            String[] xy = rows.get(i).split(",");
            x[i] = Float.parseFloat(xy[0]);
            y[i] = Float.parseFloat(xy[1]);
        }

        LineFitTrainer trainer = new LineFitTrainer(n);
        trainer.initialize(LineFitTrainer.SETTINGS.seed());
        for (int epoch = 0; epoch < 1000; epoch++) {
            trainer.trainStep(x, null, y, n, 0.5f);
        }

        assertEquals(0.1, trainer.model.parameter("dense_1.weight")[0], 1e-3);
        assertEquals(0.3, trainer.model.parameter("dense_1.bias")[0], 1e-3);
        trainer.model.forward(new float[] {0.5f}, 1, false);
        assertEquals(0.35, trainer.model.output()[0], 1e-3);
    }
}
