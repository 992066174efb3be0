package dev.nnc.runtime.opencl;

import com.aparapi.ProfileInfo;
import java.util.List;

/**
 * What a generated OpenCL trainer tells about each step when profiled ({@code --profile}): Aparapi's OpenCL event
 * profile of every pass it runs and every array it copies back, and the bytes it copies to the device.
 */
public interface ProfileListener {
    /** Pass {@code pass} of the kernel ran; {@code profile} is Aparapi's list for that execute: 'X' the run, 'W' copies. */
    void ran(String pass, List<ProfileInfo> profile);

    /**
     * {@code bytes} of {@code array} were copied back to the host; {@code profile}: Aparapi's list since the last execute,
     * with an 'R' entry for each copy back since.
     */
    void fetched(String array, long bytes, List<ProfileInfo> profile);

    /**
     * {@code bytes} of {@code array} go to the device with the next pass. Aparapi's profile lists no entry for a copy
     * of an array the kernel only reads, such as the batch, so these are counted in bytes only.
     */
    void put(String array, long bytes);

    /** A generated OpenCL trainer that reports to a listener. */
    interface Source {
        /** From now on, reports to {@code listener}; null stops. */
        void onProfile(ProfileListener listener);
    }
}
