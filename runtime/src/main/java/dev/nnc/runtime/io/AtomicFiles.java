package dev.nnc.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see either the old content or the complete new content, never a
 * half-written file: a checkpoint interrupted by a crash or Ctrl-C must not destroy the previous
 * one, and two processes caching the same data set must not read each other's partial copies.
 *
 * <p>The content goes to a temporary file in the target's own directory (a rename is only atomic
 * within one file system), is flushed to the disk, and is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. On any failure the temporary file is deleted and the
 * target is left as it was.
 */
public final class AtomicFiles {

    /** Produces the content of a file; the stream is closed by {@link #write}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Replaces (or creates) {@code target} with what {@code content} writes, atomically. */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
