package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrainSettingsTest {
    private static TrainSettings decay(String kind, double to, int over, int every, double factor) {
        return new TrainSettings("mnist", "sgd", 0.1, 32, 10, 1, true, 0, 0, kind, to, over, every, factor);
    }

    @Test
    void exponentialDecayGoesFromTheRateToItsTargetOverTheEpochs() {
        TrainSettings s = decay("exponential", 1e-3, 0, 1, 1);
        assertEquals(0.1, s.learningRate(0.1, 0, 5), 1e-12);
        assertEquals(0.1 * Math.pow(1e-2, 0.5), s.learningRate(0.1, 2, 5), 1e-12);
        assertEquals(1e-3, s.learningRate(0.1, 4, 5), 1e-12);
        assertEquals(0.1, s.learningRate(0.1, 0, 1), 1e-12); // a single epoch trains at the rate given
        assertEquals(1e-3, decay("exponential", 1e-3, 3, 1, 1).learningRate(0.1, 7, 10), 1e-12); // held after `over`
    }

    @Test
    void stepDecayMultipliesEveryFewEpochs() {
        TrainSettings s = decay("step", 0, 0, 3, 0.5);
        assertEquals(0.1, s.learningRate(0.1, 2, 10), 1e-12);
        assertEquals(0.05, s.learningRate(0.1, 3, 10), 1e-12);
        assertEquals(0.025, s.learningRate(0.1, 6, 10), 1e-12);
        assertEquals(0.1, decay("none", 0, 0, 1, 1).learningRate(0.1, 9, 10), 1e-12);
    }
}
