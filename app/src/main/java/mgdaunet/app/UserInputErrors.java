package mgdaunet.app;

import picocli.CommandLine;

/**
 * Turns a {@link UserInputException} thrown by any command into one line on standard error and exit
 * code {@link #EXIT_CODE}, without a stack trace. Other exceptions are bugs and keep picocli's
 * default handling (stack trace, exit code 1).
 */
public final class UserInputErrors implements CommandLine.IExecutionExceptionHandler {
    /** Exit code for bad input, the same that picocli uses for bad flags. */
    public static final int EXIT_CODE = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) throws Exception {
        if (!(ex instanceof UserInputException)) throw ex;
        cmd.getErr().println("mgda-unet: " + ex.getMessage().replace('\n', ' '));
        cmd.getErr().flush();
        return EXIT_CODE;
    }
}
