package mgdaunet.app.report.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NiceTicksTest {
    @Test
    void ticksAtNiceSteps() {
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6, 0.8, 1.0), NiceTicks.ticks(-0.02, 1.02, 7, false));
        assertEquals(List.of(0.0, 2500.0, 5000.0, 7500.0, 10000.0, 12500.0), NiceTicks.ticks(-600, 13600, 7, false));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), NiceTicks.ticks(0.8, 5.2, 10, true));
        assertEquals(List.of(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0), NiceTicks.ticks(-0.45, 31.45, 8, true));
        assertEquals(List.of(1.0), NiceTicks.ticks(0.5, 1.5, 5, true), "one epoch: one tick, never a fractional one");
    }

    @Test
    void labelsShareTheStepsDecimals() {
        assertEquals("0.0", NiceTicks.label(0, 0.2));
        assertEquals("0.4", NiceTicks.label(0.4000000000000001, 0.2));
        assertEquals("0.25", NiceTicks.label(0.25, 0.25));
        assertEquals("12500", NiceTicks.label(12500, 2500));
        assertEquals("3", NiceTicks.label(3, 1));
        assertEquals("0.0", NiceTicks.label(-1e-17, 0.1), "no negative zero");
        assertEquals("1e-05", NiceTicks.label(1e-5, 1e-5));
    }

    @Test
    void viewRangeAddsMarginsAndNeverCollapses() {
        assertArrayEquals(new double[] {-0.5, 10.5}, NiceTicks.viewRange(0, 10), 1e-12);
        assertArrayEquals(new double[] {1.9, 2.1}, NiceTicks.viewRange(2, 2), 1e-12);
        assertArrayEquals(new double[] {-0.5, 0.5}, NiceTicks.viewRange(0, 0), 1e-12);
        assertArrayEquals(new double[] {0, 1}, NiceTicks.viewRange(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY), "no data");
    }
}
