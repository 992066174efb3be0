package dev.nnc.runtime.opencl;

import com.aparapi.device.Device;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What a generated OpenCL trainer must do about the garbage collector moving its arrays. Aparapi ties each device buffer
 * to its array's address and rebuilds the buffer at the next execute after a move. How the rebuild goes depends on the
 * device:
 * <ul>
 * <li>a GPU's buffers are copies of the host's arrays: the rebuilt one starts from the host's copy, older than the
 * device's, so before the next execute the trainer reads back every array the device writes;</li>
 * <li>a CPU device's buffers lie over the host's arrays: kernels wrote straight into the array, which the collector
 * moved with its values, and the old buffer now covers memory the array has left, so until the next execute the
 * trainer must not read from the device at all: the host's array is already right.</li>
 * </ul>
 * Moves are made rare first: {@link #puttingAll} runs a full collection, which leaves the arrays in the old generation,
 * where young collections do not move them; a full collection (or G1's mixed one) still can. A collection inside
 * Aparapi's own execute, before it pins the arrays, stays out of reach.
 */
public final class CollectorWatch {
    private static final GarbageCollectorMXBean[] COLLECTORS =
            ManagementFactory.getGarbageCollectorMXBeans().toArray(new GarbageCollectorMXBean[0]);

    private final boolean copiesHostArrays;
    private long collectionsAtExecute;
    /** Every array was put from the host and no kernel has run since: the host's arrays are the current ones. */
    private boolean hostCurrent = true;

    public CollectorWatch(Device device) {
        this.copiesHostArrays = device.getType() != Device.TYPE.CPU;
    }

    /** Whether to read an array the device writes back from the device (else the host's copy is the right one). */
    public boolean readFromDevice() {
        return !hostCurrent && (copiesHostArrays || collections() == collectionsAtExecute);
    }

    /** Before an execute: whether to read back the arrays the device writes first, so that a rebuilt buffer is current. */
    public boolean readBackBeforeExecute() {
        return copiesHostArrays && !hostCurrent && collections() != collectionsAtExecute;
    }

    /** After an execute. */
    public void executed() {
        collectionsAtExecute = collections();
        hostCurrent = false;
    }

    /**
     * Before every array is put from the host (initialisation, loading): settles them in the old generation before
     * Aparapi sees their addresses, and the host's arrays are the current ones until the next execute.
     */
    public void puttingAll() {
        System.gc();
        hostCurrent = true;
    }

    static long collections() {
        long n = 0;
        for (GarbageCollectorMXBean c : COLLECTORS) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }
}
