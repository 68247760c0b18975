package mgdaunet.app.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochProgressTest {
    /** A clock the test moves by hand. */
    private static final class FakeClock {
        long nanos = 1_000_000_000L;

        void advanceSeconds(double s) {
            nanos += (long) (s * 1e9);
        }
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final FakeClock clock = new FakeClock();

    private Terminal terminal(Terminal.Mode mode, boolean colour, int width) {
        return new Terminal(out, mode, colour, true, width, () -> clock.nanos);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void plainLinesAtEveryTenthWithRunningMeans() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.LINES, false, 80), 2, 5, 20, List.of("seg", "left"));
        for (int s = 1; s <= 20; s++) {
            clock.advanceSeconds(0.5);
            p.step(25, new double[] {s <= 2 ? 0.5 : 0.25, 1.0});
        }
        p.finish();
        List<String> lines = output().lines().toList();
        assertEquals(10, lines.size(), output());
        assertEquals("epoch 2/5   2/20 ( 10%)  seg 0.5000 left 1.0000  50.0 img/s  0:01 elapsed, 0:09 left", lines.getFirst());
        // seg: 2 steps at 0.5, 18 at 0.25 -> 0.275
        assertEquals("epoch 2/5  20/20 (100%)  seg 0.2750 left 1.0000  50.0 img/s  0:10 elapsed, 0:00 left", lines.getLast());
        assertFalse(output().contains("\r"));
    }

    @Test
    void aSlowEpochStillPrintsEveryThirtySeconds() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.LINES, false, 80), 1, 1, 1000, List.of("left"));
        for (int s = 1; s <= 3; s++) {
            clock.advanceSeconds(31);
            p.step(1, new double[] {2.0});
        }
        assertEquals(3, output().lines().count(), output());
    }

    @Test
    void anInterruptedEpochEndsWithALine() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.LINES, false, 80), 1, 3, 100, List.of("seg"));
        clock.advanceSeconds(1);
        p.step(25, new double[] {1.5});
        p.finish();
        p.finish(); // twice is harmless
        List<String> lines = output().lines().toList();
        assertEquals(1, lines.size(), output()); // 1 % is no new tenth: only finish prints
        assertTrue(lines.getLast().startsWith("epoch 1/3    1/100 (  1%)  seg 1.5000"), lines.getLast());
    }

    @Test
    void anEmptyEpochHasNoTimeLeftOrSpeed() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.LINES, false, 80), 1, 1, 0, List.of("seg"));
        p.finish();
        assertEquals("epoch 1/1  0/0  seg -  -- img/s  0:00 elapsed, --:-- left" + System.lineSeparator(), output());
    }

    @Test
    void theBarRedrawsInPlaceAtMostTenTimesASecond() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.BAR, false, 100), 1, 5, 160, List.of("seg", "left", "right"));
        for (int s = 1; s <= 160; s++) {
            clock.advanceSeconds(0.02); // 50 steps a second: one redraw in five steps
            p.step(25, new double[] {0.5, 1.0, 1.5});
        }
        String beforeFinish = output();
        assertFalse(beforeFinish.contains("\n"), "no newline while the epoch runs");
        long redraws = beforeFinish.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 30 && redraws <= 33, "redraws: " + redraws);
        p.finish();
        String[] frames = output().split("\r");
        String last = frames[frames.length - 1].strip();
        assertEquals("epoch 1/5  [" + "\u2588".repeat(18) + "]  160/160  seg 0.500 left 1.000 right 1.500  1250.0 img/s  0:03<0:00", last);
        for (String frame : frames) assertTrue(frame.strip().length() <= 99, "fits in 99 columns: " + frame);
    }

    @Test
    void theBarPadsOverALongerPreviousLineAndColoursOnlyWhenAllowed() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.BAR, true, 90), 1, 1, 4, List.of("seg"));
        clock.advanceSeconds(1);
        p.step(1, new double[] {123.0});
        clock.advanceSeconds(1);
        p.step(1, new double[] {-121.0}); // the mean drops to 1.0000: a shorter loss field
        String[] frames = output().split("\r");
        assertEquals(EpochProgress.visibleLength(frames[1]), EpochProgress.visibleLength(frames[2]), "the shorter line is padded");
        assertTrue(output().contains("\u001b[32m"), "green bar with colour");

        bytes.reset();
        EpochProgress plain = new EpochProgress(terminal(Terminal.Mode.BAR, false, 90), 1, 1, 4, List.of("seg"));
        clock.advanceSeconds(1);
        plain.step(1, new double[] {1});
        assertFalse(output().contains("\u001b"), "no escape codes without colour");
    }

    /** The first redrawn frame of a 1000-step epoch over three tasks, one step in after one second. */
    private String frameAtWidth(int width) {
        bytes.reset();
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.BAR, false, width), 10, 10, 1000, List.of("seg", "left", "right"));
        clock.advanceSeconds(1);
        p.step(25, new double[] {0.5, 1.0, 1.5});
        return output().substring(1);
    }

    @Test
    void narrowTerminalsDropTheSpeedThenTheBarThenCut() {
        String rest = "     1/1000  seg 0.500 left 1.000 right 1.500";
        // The line must stay within width - 1 columns; the fields take 68 without the speed, 80 with it.
        assertEquals("epoch 10/10  [" + "\u2591".repeat(11) + "]" + rest + "  25.0 img/s  0:01<16:39", frameAtWidth(96));
        assertEquals("epoch 10/10  [" + "\u2591".repeat(11) + "]" + rest + "  0:01<16:39", frameAtWidth(84));
        assertEquals("epoch 10/10" + rest + "  25.0 img/s  0:01<16:39", frameAtWidth(81));
        assertEquals("epoch 10/10" + rest + "  0:01<16:39", frameAtWidth(80));
        String narrow = frameAtWidth(40);
        assertEquals(39, narrow.length(), narrow);
        assertTrue(narrow.startsWith("epoch 10/10" + rest.substring(0, 20)), narrow);
    }

    @Test
    void aDivergedLossShowsAsNan() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.LINES, false, 80), 1, 1, 1, List.of("seg", "left"));
        clock.advanceSeconds(1);
        p.step(5, new double[] {Double.NaN, 0.5});
        assertTrue(output().contains("seg nan left 0.5000"), output());
    }

    @Test
    void quietPrintsNothingAndBadLossCountsAreRejected() {
        EpochProgress p = new EpochProgress(terminal(Terminal.Mode.QUIET, false, 80), 1, 1, 2, List.of("seg"));
        p.step(1, new double[] {1});
        p.finish();
        assertEquals("", output());
        assertEquals(1.0, p.meanLoss(0));
        assertThrows(IllegalArgumentException.class, () -> p.step(1, new double[] {1, 2}));
    }
}
