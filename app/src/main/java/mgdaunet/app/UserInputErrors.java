package mgdaunet.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * How the command line ends on an error, always with one line on standard error:
 * <ul>
 *   <li>bad input ({@link UserInputException}, a bad flag, a file that cannot be read or written:
 *       {@link IOException}): the message, exit code {@link #EXIT_CODE};
 *   <li>anything else is a bug: "internal error", the exception, exit code {@link #BUG_EXIT_CODE}.
 * </ul>
 * With {@code --verbose} the stack trace follows the line.
 */
public final class UserInputErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** Exit code for bad input, the same that picocli uses for bad flags. */
    public static final int EXIT_CODE = 2;
    /** Exit code for a bug (an unexpected exception). */
    public static final int BUG_EXIT_CODE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Throwable userError = userError(ex);
        int code;
        if (userError != null) {
            err.println("mgda-unet: " + oneLine(userError.getMessage()));
            code = EXIT_CODE;
        } else {
            err.println("mgda-unet: internal error: " + oneLine(String.valueOf(ex)) + (verbose(cmd) ? "" : " (run with --verbose for the stack trace)"));
            code = BUG_EXIT_CODE;
        }
        if (verbose(cmd)) ex.printStackTrace(err);
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String hint = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            hint = "; did you mean " + String.join(" or ", u.getSuggestions().subList(0, Math.min(3, u.getSuggestions().size()))) + "?";
        }
        err.println("mgda-unet: " + oneLine(ex.getMessage()) + hint + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return EXIT_CODE;
    }

    /** The exception that explains a user error, or null for a bug. */
    static Throwable userError(Throwable ex) {
        if (ex instanceof UserInputException || ex instanceof IOException) return ex;
        if (ex instanceof UncheckedIOException u) return u.getCause();
        return null;
    }

    private static boolean verbose(CommandLine cmd) {
        return cmd.getCommandSpec().root().userObject() instanceof Main m && m.verbose;
    }

    private static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replace("\r\n", " ").replace('\n', ' ');
    }
}
