package mgdaunet.app.progress;

import java.util.List;
import java.util.Locale;

/**
 * The progress of one training epoch: steps done of the total, the running mean loss of each task,
 * images per second, time elapsed and left. On a terminal one line is redrawn in place (at most
 * ten times a second); elsewhere a plain line is printed at every tenth of the epoch, or after 30
 * seconds without one, so that logs stay short but show a stalled run.
 *
 * <pre>{@code
 * EpochProgress p = new EpochProgress(terminal, epoch, epochs, stepsPerEpoch, List.of("seg", "left", "right"));
 * for (...) { ...; p.step(batchSize, new double[] {segLoss, leftLoss, rightLoss}); }
 * p.finish();
 * }</pre>
 */
public final class EpochProgress {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long QUIET_LINE_NANOS = 30_000_000_000L;

    private final Terminal terminal;
    private final int epoch;
    private final int epochs;
    private final int totalSteps;
    private final List<String> tasks;
    private final double[] lossSums;
    private final long startNanos;
    private int steps;
    private long images;
    private long lastDrawNanos;
    private int lastTenth;
    private int lastPrintedSteps = -1;
    private int lastLength;
    private boolean finished;

    public EpochProgress(Terminal terminal, int epoch, int epochs, int totalSteps, List<String> tasks) {
        if (totalSteps < 0) throw new IllegalArgumentException("progress: negative step count " + totalSteps);
        this.terminal = terminal;
        this.epoch = epoch;
        this.epochs = epochs;
        this.totalSteps = totalSteps;
        this.tasks = List.copyOf(tasks);
        this.lossSums = new double[tasks.size()];
        this.startNanos = terminal.nanoClock().getAsLong();
        this.lastDrawNanos = startNanos;
    }

    /** Records one finished training step of {@code batchImages} images with each task's mean loss. */
    public void step(int batchImages, double[] losses) {
        if (losses.length != tasks.size()) {
            throw new IllegalArgumentException("progress: " + losses.length + " losses for tasks " + tasks);
        }
        steps++;
        images += batchImages;
        for (int t = 0; t < losses.length; t++) lossSums[t] += losses[t] * batchImages;
        long now = terminal.nanoClock().getAsLong();
        switch (terminal.mode()) {
            case BAR -> {
                if (now - lastDrawNanos >= REDRAW_NANOS || steps == totalSteps) redraw(now);
            }
            case LINES -> {
                int tenth = totalSteps == 0 ? 10 : (int) ((long) steps * 10 / totalSteps);
                if (tenth > lastTenth || now - lastDrawNanos >= QUIET_LINE_NANOS) {
                    lastTenth = tenth;
                    lastDrawNanos = now;
                    lastPrintedSteps = steps;
                    terminal.out().println(line(now, false));
                }
            }
            case QUIET -> { }
        }
    }

    /** Ends the epoch's progress: the bar is completed and its line ended. */
    public void finish() {
        if (finished) return;
        finished = true;
        long now = terminal.nanoClock().getAsLong();
        switch (terminal.mode()) {
            case BAR -> {
                redraw(now);
                terminal.out().println();
            }
            case LINES -> {
                // an epoch cut short has printed its last line already
                if ((lastTenth < 10 || steps == 0) && steps != lastPrintedSteps) terminal.out().println(line(now, false));
            }
            case QUIET -> { }
        }
        terminal.out().flush();
    }

    /** Mean loss of task {@code t} over the steps so far, NaN before the first. */
    public double meanLoss(int t) {
        return images == 0 ? Double.NaN : lossSums[t] / images;
    }

    public int steps() {
        return steps;
    }

    /** Seconds since the epoch began. */
    public double elapsedSeconds() {
        return (terminal.nanoClock().getAsLong() - startNanos) / 1e9;
    }

    private void redraw(long now) {
        lastDrawNanos = now;
        String text = line(now, true);
        int visible = visibleLength(text);
        // Pad over what the previous, longer line left behind: no escape codes needed.
        String pad = visible < lastLength ? " ".repeat(lastLength - visible) : "";
        lastLength = visible;
        terminal.out().print("\r" + text + pad);
        terminal.out().flush();
    }

    /**
     * The progress line. The redrawn form must fit the terminal's width (a wrapped line breaks
     * {@code \r}): it uses three-decimal losses, and drops the speed, then the bar, when narrow.
     */
    String line(long now, boolean bar) {
        double elapsed = (now - startNanos) / 1e9;
        double rate = elapsed > 0 ? images / elapsed : Double.NaN;
        double left = steps > 0 && totalSteps >= steps ? elapsed / steps * (totalSteps - steps) : Double.NaN;
        String head = "epoch " + epoch + "/" + epochs;
        String count = pad(Integer.toString(steps), Integer.toString(totalSteps).length()) + "/" + totalSteps;
        StringBuilder losses = new StringBuilder();
        for (int t = 0; t < tasks.size(); t++) {
            if (t > 0) losses.append(' ');
            double mean = meanLoss(t);
            // Before the first step there is no loss ("-"); after it, NaN is a diverged loss and says so.
            String value = images > 0 && Double.isNaN(mean) ? "nan" : bar ? Numbers.shortLoss(mean) : Numbers.loss(mean);
            losses.append(tasks.get(t)).append(' ').append(value);
        }
        String speed = Double.isFinite(rate) ? String.format(Locale.ROOT, "%.1f img/s", rate) : "-- img/s";
        if (!bar) {
            String percent = totalSteps == 0 ? "" : String.format(Locale.ROOT, " (%3d%%)", (int) ((long) steps * 100 / totalSteps));
            return head + "  " + count + percent + "  " + losses + "  " + speed + "  "
                    + Durations.format(elapsed) + " elapsed, " + Durations.format(left) + " left";
        }
        String rest = "  " + count + "  " + losses;
        String time = "  " + Durations.format(elapsed) + "<" + Durations.format(left);
        String speedPart = "  " + speed;
        int max = terminal.width() - 1; // one column spare: some terminals wrap on the last one
        int fixed = head.length() + rest.length() + time.length();
        int minBar = 10 + 4; // "  [" + 10 cells + "]"
        if (fixed + speedPart.length() + minBar <= max) {
            return head + "  " + bar(Math.min(30, max - fixed - speedPart.length() - 4)) + rest + speedPart + time;
        }
        if (fixed + minBar <= max) return head + "  " + bar(max - fixed - 4) + rest + time;
        String text = fixed + speedPart.length() <= max ? head + rest + speedPart + time : head + rest + time;
        return text.length() > max ? text.substring(0, max) : text; // very narrow: cut rather than wrap
    }

    /** "[#####-----]", coloured when allowed (colour codes take no columns). */
    private String bar(int width) {
        int filled = totalSteps == 0 ? width : (int) ((long) steps * width / totalSteps);
        String full = String.valueOf(terminal.unicode() ? '\u2588' : '#').repeat(filled);
        String empty = String.valueOf(terminal.unicode() ? '\u2591' : '-').repeat(width - filled);
        return "[" + (full.isEmpty() ? "" : terminal.style("32", full)) + (empty.isEmpty() ? "" : terminal.style("2", empty)) + "]";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    static int visibleLength(String text) {
        return text.replaceAll("\u001b\\[[0-9;]*m", "").length();
    }
}
