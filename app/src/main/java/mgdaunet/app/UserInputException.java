package mgdaunet.app;

/**
 * Something the user handed us is wrong: a missing or corrupt file, a bad flag value, an unknown
 * task name. The command line reports it as one line and exits with code 2, without a stack trace;
 * every command of the CLI throws this (or a subclass) for such problems, never for bugs.
 */
public class UserInputException extends RuntimeException {
    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
