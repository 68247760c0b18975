package mgdaunet.app.data;

import java.io.IOException;
import java.nio.file.Path;
import mgdaunet.app.UserInputException;
import mgdaunet.app.io.IoErrors;

/** A data file that cannot be used as it is: the message starts with the file's name, then says what is wrong. */
public final class DataFileException extends UserInputException {
    private final String file;

    public DataFileException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public DataFileException(String file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** A one-line error for an I/O failure on {@code file}: "FILE: cannot read: no such file or folder". */
    public static DataFileException of(Path file, String action, IOException e) {
        return new DataFileException(file.toString(), action + ": " + IoErrors.reason(file, e), e);
    }

    /** The file (or embedded resource) the problem is in, as named in the message. */
    public String file() {
        return file;
    }
}
