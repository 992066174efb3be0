package dev.nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.runtime.io.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The trainer built and warmed while the run starts, and what the run may assume of it. */
class WarmUpTest {

    @Test
    void trainsASmallModelOnRandomExamplesUntilTheRunTakesIt() {
        List<FakeTrainer> built = new ArrayList<>();
        WarmUp warmUp = WarmUp.start(batch -> add(built, new FakeTrainer(batch, 0)), 20, 7);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stepsOf(built) < 3 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        WarmUp.Warm warm = warmUp.finish(20, 7);
        assertNotNull(warm);
        FakeTrainer t = built.get(0);
        assertSame(t, warm.trainer());
        assertFalse(warm.initialized(), "it has trained: the run must initialise it again");
        assertEquals(List.of(7L), t.seeds);
        int steps = t.steps;
        LockSupport.parkNanos(20_000_000);
        assertEquals(steps, t.steps, "no step after finish()");
        assertEquals(WarmUp.EXAMPLES, t.examples);
        assertTrue(t.inputsInUnitInterval && t.labelsInRange);
    }

    @Test
    void leavesALargeModelAsInitialiseLeftIt() {
        List<FakeTrainer> built = new ArrayList<>();
        // initialising takes longer than the budget: a first step, interpreted, would keep the run waiting
        WarmUp warmUp = WarmUp.start(batch -> add(built, new FakeTrainer(batch, WarmUp.STEPS_BELOW_NANOS + 10_000_000)), 20, 7);
        WarmUp.Warm warm = warmUp.finish(20, 7);
        assertTrue(warm.initialized());
        assertEquals(0, built.get(0).steps);
    }

    @Test
    void isNotTakenForAnotherBatchSizeOrSeed() {
        assertNull(WarmUp.start(batch -> new FakeTrainer(batch, 0), 20, 7).finish(32, 7));
        WarmUp.Warm otherSeed = WarmUp.start(batch -> new FakeTrainer(batch, WarmUp.STEPS_BELOW_NANOS + 10_000_000), 20, 7)
                .finish(20, 8);
        assertFalse(otherSeed.initialized(), "initialised from seed 7, the run asked for 8");
    }

    @Test
    void aTrainerThatCannotBeBuiltLeavesNothing() {
        WarmUp warmUp = WarmUp.start(batch -> {
            throw new IllegalStateException("no Vector API");
        }, 20, 7);
        assertNull(warmUp.finish(20, 7));
    }

    private static synchronized FakeTrainer add(List<FakeTrainer> built, FakeTrainer t) {
        built.add(t);
        return t;
    }

    private static synchronized int stepsOf(List<FakeTrainer> built) {
        return built.isEmpty() ? 0 : built.get(0).steps;
    }

    /** Records what the warm-up asks of it; initialising takes {@code initNanos}. */
    private static final class FakeTrainer implements Trainable {
        final int maxBatch;
        final long initNanos;
        final List<Long> seeds = new ArrayList<>();
        volatile int steps;
        int examples;
        boolean inputsInUnitInterval = true;
        boolean labelsInRange = true;

        FakeTrainer(int maxBatch, long initNanos) {
            this.maxBatch = maxBatch;
            this.initNanos = initNanos;
        }

        @Override
        public String modelName() {
            return "Fake";
        }

        @Override
        public int inputSize() {
            return 3;
        }

        @Override
        public int classes() {
            return 4;
        }

        @Override
        public int targetSize() {
            return 0;
        }

        @Override
        public int maxBatch() {
            return maxBatch;
        }

        @Override
        public void initialize(long seed) {
            seeds.add(seed);
            long end = System.nanoTime() + initNanos;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }

        @Override
        public double trainStep(float[] inputs, int[] labels, float[] targets, int n, float learningRate) {
            examples = n;
            for (int i = 0; i < n * inputSize(); i++) {
                inputsInUnitInterval &= inputs[i] >= 0 && inputs[i] < 1;
            }
            for (int i = 0; i < n; i++) {
                labelsInRange &= labels[i] >= 0 && labels[i] < classes();
            }
            LockSupport.parkNanos(100_000);
            steps++;
            return 1;
        }

        @Override
        public double evaluate(float[] inputs, int[] labels, float[] targets, int n, int[] correct) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Tensor> state() {
            return Map.of();
        }

        @Override
        public void load(Map<String, Tensor> state) {}

        @Override
        public String firstNonFinite() {
            return null;
        }
    }
}
