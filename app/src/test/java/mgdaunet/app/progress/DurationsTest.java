package mgdaunet.app.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void formatsLikeAClock() {
        assertEquals("0:00", Durations.format(0));
        assertEquals("0:07", Durations.format(6.6));
        assertEquals("1:00", Durations.format(59.5));
        assertEquals("12:34", Durations.format(754));
        assertEquals("1:02:03", Durations.format(3723));
        assertEquals("--:--", Durations.format(Double.NaN));
        assertEquals("--:--", Durations.format(Double.POSITIVE_INFINITY));
        assertEquals("--:--", Durations.format(-1));
    }
}
