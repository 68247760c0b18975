package mgdaunet.app.progress;

import java.io.Console;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where progress goes and how it may be drawn: redrawn in place ({@link Mode#BAR}) only on an
 * interactive terminal, else as plain lines that read well in a log file or CI output.
 *
 * @param colour ANSI colours allowed: a terminal, no {@code NO_COLOR} variable (no-color.org), not {@code TERM=dumb}
 * @param unicode the stream encodes UTF-8, so the bar may use block characters
 * @param width the columns a redrawn line may take ({@code COLUMNS}, else {@code stty size}, else 80): a longer line would wrap and break {@code \r}
 * @param nanoClock the clock (tests give their own)
 */
public record Terminal(PrintStream out, Mode mode, boolean colour, boolean unicode, int width, LongSupplier nanoClock) {
    /** How progress is shown. */
    public enum Mode {
        /** One line redrawn in place with {@code \r}. */
        BAR,
        /** A plain line every tenth of an epoch or every 30 seconds. */
        LINES,
        /** No progress at all; epoch summaries are still printed. */
        QUIET
    }

    public Terminal {
        if (width < 20) throw new IllegalArgumentException("terminal width " + width + " is too narrow for a progress line");
    }

    /** Plain lines, no colour, on {@code out}, with the system clock: what tests and log files get. */
    public static Terminal lines(PrintStream out) {
        return new Terminal(out, Mode.LINES, false, false, 80, System::nanoTime);
    }

    /**
     * Detects how to draw on standard output: a redrawn bar if it is a terminal, plain lines
     * otherwise or when {@code noProgress} (a {@code --no-progress} flag) is set.
     */
    public static Terminal detect(PrintStream out, boolean noProgress) {
        Console console = System.console();
        boolean isTerminal = console != null && console.isTerminal();
        Map<String, String> env = System.getenv();
        if (isTerminal && !noProgress && env.get("COLUMNS") == null) {
            // Shells keep COLUMNS to themselves (bash does not export it); ask the terminal.
            int columns = sttyColumns();
            if (columns > 0) {
                env = new java.util.HashMap<>(env);
                env.put("COLUMNS", Integer.toString(columns));
            }
        }
        return detect(out, noProgress, isTerminal, env);
    }

    /** The terminal's width from {@code stty size} (POSIX), or -1 when that fails or takes too long. */
    private static int sttyColumns() {
        java.io.File tty = new java.io.File("/dev/tty");
        if (!tty.exists()) return -1;
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(tty).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            String[] rowsColumns = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split("\\s+");
            return rowsColumns.length == 2 ? Integer.parseInt(rowsColumns[1]) : -1;
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@link #detect(PrintStream, boolean)} with the facts given, for tests. */
    static Terminal detect(PrintStream out, boolean noProgress, boolean isTerminal, Map<String, String> env) {
        boolean dumb = "dumb".equals(env.get("TERM"));
        boolean interactive = isTerminal && !dumb && !noProgress;
        String noColour = env.get("NO_COLOR");
        boolean colour = interactive && (noColour == null || noColour.isEmpty());
        boolean unicode = out.charset().equals(StandardCharsets.UTF_8);
        int width = 80;
        try {
            String columns = env.get("COLUMNS");
            if (columns != null) width = Math.clamp(Integer.parseInt(columns.strip()), 40, 400);
        } catch (NumberFormatException e) {
            // keep 80
        }
        return new Terminal(out, interactive ? Mode.BAR : Mode.LINES, colour, unicode, width, System::nanoTime);
    }

    /** The same terminal showing no progress (a {@code --quiet} flag). */
    public Terminal quiet() {
        return new Terminal(out, Mode.QUIET, colour, unicode, width, nanoClock);
    }

    /** {@code text} in an ANSI style ("32" green, "2" dim, "1" bold) when colour is allowed. */
    String style(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
