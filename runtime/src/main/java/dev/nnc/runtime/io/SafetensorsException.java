package dev.nnc.runtime.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not valid safetensors; the message names the file and what is wrong with it. */
public final class SafetensorsException extends IOException {

    private static final long serialVersionUID = 1L;

    public SafetensorsException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
