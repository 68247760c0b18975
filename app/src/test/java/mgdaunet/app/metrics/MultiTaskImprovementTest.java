package mgdaunet.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mgdaunet.app.metrics.MultiTaskImprovement.Comparison;
import org.junit.jupiter.api.Test;

class MultiTaskImprovementTest {
    @Test
    void libMtlDocstringExample() {
        // LibMTL count_improvement: base {'A': [96, 98], 'B': [0.2]}, new {'A': [93, 99], 'B': [0.5]},
        // weight {'A': [1, 0], 'B': [1]} (1 = higher is better). NumPy gives 0.7396364795918366.
        double dm = MultiTaskImprovement.percent(List.of(
                new Comparison("A", "m1", 93, 96, true),
                new Comparison("A", "m2", 99, 98, false),
                new Comparison("B", "m1", 0.5, 0.2, true)));
        assertEquals(73.96364795918366, dm, 1e-10);
    }

    @Test
    void gainsAndLossesAverageOverTasks() {
        // left accuracy 0.9 vs 0.8: +12.5%; seg mIoU 0.6 vs 0.8: -25%.
        double dm = MultiTaskImprovement.percent(List.of(
                new Comparison("left", "accuracy", 0.9, 0.8, true),
                new Comparison("seg", "miou", 0.6, 0.8, true)));
        assertEquals(-6.25, dm, 1e-12);
        assertEquals(0.0, MultiTaskImprovement.percent(List.of(new Comparison("t", "m", 0.5, 0.5, true))));
    }

    @Test
    void fromTaskMetrics() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.add(new int[] {0, 1, 1, 0}, new int[] {0, 1, 0, 0});
        Comparison c = Comparison.main("left", ClassificationMetrics.of(cm), 0.5);
        assertEquals("accuracy", c.metric());
        assertEquals(50.0, MultiTaskImprovement.percent(List.of(c)), 1e-12);
    }

    @Test
    void rejectsUndefinedComparisons() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Comparison("seg", "miou", 0.5, 0, true));
        assertTrue(e.getMessage().contains("seg miou"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Comparison("seg", "miou", Double.NaN, 0.5, true));
        assertThrows(IllegalArgumentException.class, () -> MultiTaskImprovement.percent(List.of()));
    }
}
