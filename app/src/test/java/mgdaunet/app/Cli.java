package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line in this JVM and captures what it prints. */
final class Cli {
    /**
     * A tiny network and data set: 16 training scenes in two batches of 8, 8 test scenes, widths 4 and
     * 8, 4-channel digit heads (6,983 parameters). Two epochs take a second or two once the JIT has
     * warmed up.
     */
    static final List<String> TINY = List.of("--train-size", "16", "--test-size", "8", "--widths", "4,8", "--batch-size", "8",
            "--eval-batch-size", "8", "--head-channels", "4", "--no-progress");

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {
        Run assertOk() {
            assertEquals(0, code, "exit code; stderr: " + err + "\nstdout: " + out);
            return this;
        }
    }

    private Cli() {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code train} with the tiny settings and the given flags. */
    static Run trainTiny(String... flags) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(TINY);
        args.addAll(List.of(flags));
        return run(args.toArray(String[]::new));
    }

    /** Exit code 2 and one line on standard error that starts with "mgda-unet: " and says {@code part}, without a stack trace. */
    static void assertUserError(Run r, String part) {
        assertEquals(2, r.code(), "exit code; stderr: " + r.err() + "\nstdout: " + r.out());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), "one line: " + r.err());
        assertFalse(line.contains("\tat ") || line.contains("Exception"), "no stack trace: " + r.err());
        assertTrue(line.startsWith("mgda-unet: "), line);
        assertTrue(line.contains(part), "says '" + part + "': " + line);
    }
}
