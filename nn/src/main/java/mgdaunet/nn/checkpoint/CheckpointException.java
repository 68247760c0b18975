package mgdaunet.nn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A checkpoint file that cannot be read: truncated, a corrupt header, offsets that do not fit,
 * an element type we do not read. The message is one line naming the file and the problem.
 */
public final class CheckpointException extends IOException {
    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        super("checkpoint " + file + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super("checkpoint " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read or written. */
    public Path file() {
        return file;
    }
}
