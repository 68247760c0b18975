package mgdaunet.app.data;

import mgdaunet.app.UserInputException;

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

    /** The file (or embedded resource) the problem is in, as named in the message. */
    public String file() {
        return file;
    }
}
