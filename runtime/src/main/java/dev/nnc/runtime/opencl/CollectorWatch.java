package dev.nnc.runtime.opencl;

import com.aparapi.device.Device;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * What a generated OpenCL trainer must do about the garbage collector moving its arrays. Aparapi ties each device buffer
 * to its array's address and rebuilds the buffer at the next execute after a move ({@link OpenCl#settle} makes moves
 * rare, not impossible: a full collection still compacts). How the rebuild goes depends on the device:
 * <ul>
 * <li>a GPU's buffers are copies of the host's arrays: the rebuilt one starts from the host's copy, older than the
 * device's, so before the next execute the trainer reads back every array the device writes;</li>
 * <li>a CPU device's buffers lie over the host's arrays: kernels wrote straight into the array, which the collector
 * moved with its values, and the old buffer now covers memory the array has left, so until the next execute the
 * trainer must not read from the device at all: the host's array is already right.</li>
 * </ul>
 * A collection inside Aparapi's own execute, before it pins the arrays, stays out of reach.
 */
public final class CollectorWatch {
    private static final GarbageCollectorMXBean[] COLLECTORS =
            ManagementFactory.getGarbageCollectorMXBeans().toArray(new GarbageCollectorMXBean[0]);

    private final boolean copiesHostArrays;
    private long collectionsAtExecute = -1;
    private boolean hostCurrent = true;

    public CollectorWatch(Device device) {
        this.copiesHostArrays = device.getType() != Device.TYPE.CPU;
    }

    /** Whether to read an array the device writes back from the device (else the host's copy is the right one). */
    public boolean readFromDevice() {
        if (collectionsAtExecute < 0) {
            return false; // nothing has run: the host's arrays are the only values, and Aparapi has no buffers yet
        }
        return copiesHostArrays || collections() == collectionsAtExecute;
    }

    /** Before an execute: whether to read back the arrays the device writes first, so that a rebuilt buffer is current. */
    public boolean readBackBeforeExecute() {
        return copiesHostArrays && !hostCurrent && collectionsAtExecute >= 0 && collections() != collectionsAtExecute;
    }

    /** After an execute. */
    public void executed() {
        collectionsAtExecute = collections();
        hostCurrent = false;
    }

    /** After every array was put from the host (initialisation, loading): the host's arrays are the current ones. */
    public void allPut() {
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
