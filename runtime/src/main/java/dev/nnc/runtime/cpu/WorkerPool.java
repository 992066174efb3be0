package dev.nnc.runtime.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon threads that run the parts of one job at a time, the caller running
 * part 0 itself. Nothing is allocated per job (no futures, no lambdas, no queues), and a thread that
 * finds the pool busy with another caller's job is told so instead of waiting.
 *
 * <p>Waiting threads spin for a few tens of microseconds before parking: a training loop calls
 * kernels back to back, and a parked thread takes far longer than that to wake.
 */
final class WorkerPool {

    /** Work split into parts; {@code runPart} is called once for each part, on any thread. */
    interface Job {
        void runPart(int part, int parts);
    }

    private static final long SPIN_NANOS = 50_000;

    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger pending = new AtomicInteger();
    // Written by the caller before it bumps a worker's volatile round, so the worker sees them.
    private Job job;
    private int parts;
    private volatile Thread caller;
    private volatile Throwable failure;

    WorkerPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(name + "-" + (i + 1), i + 1);
            workers[i].start();
        }
    }

    int threads() {
        return workers.length + 1;
    }

    /**
     * Runs parts 0 .. parts-1 of {@code job}, at most {@link #threads()} of them, and returns when
     * all are done; returns false at once, running nothing, when another thread's job holds the pool.
     */
    boolean tryRun(Job job, int parts) {
        if (parts < 1 || parts > threads()) {
            throw new IllegalArgumentException("parts " + parts + " not in 1.." + threads());
        }
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        try {
            this.job = job;
            this.parts = parts;
            this.caller = Thread.currentThread();
            this.failure = null;
            pending.set(parts - 1);
            for (int i = 0; i < parts - 1; i++) {
                workers[i].round++; // volatile write: publishes job and parts to that worker
                LockSupport.unpark(workers[i]);
            }
            try {
                job.runPart(0, parts);
            } finally {
                awaitWorkers(); // even when part 0 failed: the workers still use this job
            }
            Throwable t = failure;
            if (t != null) {
                throw new IllegalStateException("a worker thread failed", t);
            }
            return true;
        } finally {
            this.job = null;
            this.caller = null;
            busy.set(false);
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (pending.get() > 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    private final class Worker extends Thread {
        private final int part;
        volatile int round;

        Worker(String name, int part) {
            super(name);
            this.part = part;
            setDaemon(true);
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                long start = System.nanoTime();
                while (round == seen) {
                    if (System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                seen = round;
                try {
                    job.runPart(part, parts);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    Thread waiting = caller;
                    if (pending.decrementAndGet() == 0) {
                        LockSupport.unpark(waiting);
                    }
                }
            }
        }
    }
}
