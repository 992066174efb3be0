package com.acme;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.acme.species.Species;
import com.acme.species.SpeciesTrainer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The classes the plugin generated from src/main/nn, trained and used as an application would. */
class GeneratedModelsTest {
    private static final float[] W = {0.5f, -1f, 2f, 0.25f};
    private static final float B = 0.1f;

    @Test
    void lineLearnsItsWeights() {
        int n = 64;
        Random random = new Random(1);
        float[] x = new float[n * Line.INPUT_SIZE];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float sum = B;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = random.nextFloat() * 2 - 1;
                sum += W[j] * x[i * 4 + j];
            }
            y[i] = sum;
        }
        LineTrainer trainer = new LineTrainer(n);
        trainer.initialize(42);
        double first = trainer.trainStep(x, null, y, n, 0.2f);
        double last = first;
        for (int step = 0; step < 500; step++) {
            last = trainer.trainStep(x, null, y, n, 0.2f);
        }
        assertTrue(last < 1e-6 && last < first / 1000, "loss " + first + " -> " + last);
        for (int j = 0; j < 4; j++) {
            assertEquals(W[j], trainer.model.fcWeight[j], 1e-3, "fc.weight[" + j + "]");
        }
        assertEquals(B, trainer.model.fcBias[0], 1e-3);

        trainer.model.forward(new float[] {1, 1, 1, 1}, 1, false);
        assertEquals(B + 0.5f - 1f + 2f + 0.25f, trainer.model.output()[0], 1e-3);
    }

    @Test
    void speciesSeparatesThreeClusters() {
        int n = 60;
        Random random = new Random(2);
        float[] x = new float[n * Species.INPUT_SIZE];
        int[] kind = new int[n];
        for (int i = 0; i < n; i++) {
            kind[i] = i % 3;
            for (int j = 0; j < 4; j++) {
                x[i * 4 + j] = (j == kind[i] ? 3f : 0f) + (float) random.nextGaussian() * 0.3f;
            }
        }
        SpeciesTrainer trainer = new SpeciesTrainer(n);
        trainer.initialize(42);
        for (int step = 0; step < 100; step++) {
            trainer.trainStep(x, kind, null, n, 0.5f);
        }
        assertArrayEquals(kind, trainer.model.predict(x, n));
        assertArrayEquals(new int[] {2, 0}, trainer.model.predict(new float[] {0, 0, 3, 0, 3, 0, 0, 0}, 2));
    }
}
