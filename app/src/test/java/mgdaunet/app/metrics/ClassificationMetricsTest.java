package mgdaunet.app.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {
    private static ClassificationMetrics of(int classes, int[] truth, int[] pred) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.add(truth, pred);
        return ClassificationMetrics.of(m);
    }

    @Test
    void handComputedAccuracies() {
        // class 0: 1 of 2 right, class 1: 2 of 2, class 2: 0 of 1, class 3: no example
        ClassificationMetrics m = of(4, new int[] {0, 0, 1, 1, 2}, new int[] {0, 1, 1, 1, 0});
        assertEquals(3.0 / 5, m.accuracy(), 1e-15);
        assertArrayEquals(new double[] {0.5, 1.0, 0.0, Double.NaN}, m.perClassAccuracy());
        assertEquals("accuracy", m.mainName());
        assertEquals(m.accuracy(), m.main());
        assertEquals(m.accuracy(), m.scalars().get("accuracy"));
        assertEquals(5, m.count());
        assertArrayEquals(new long[] {1, 1, 0, 0}, m.confusion().toArray()[0]);
    }

    @Test
    void perfectAndOffByOnePredictions() {
        int[] truth = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 3};
        assertEquals(1.0, of(10, truth, truth).accuracy());
        int[] shifted = new int[truth.length];
        for (int i = 0; i < truth.length; i++) shifted[i] = (truth[i] + 1) % 10;
        ClassificationMetrics off = of(10, truth, shifted);
        assertEquals(0.0, off.accuracy());
        for (double a : off.perClassAccuracy()) assertEquals(0.0, a);
    }

    @Test
    void countTaskWorksAsClassification() {
        // Scenes hold 1 to 3 digits: class 0 ("no digit") never occurs and is NaN, not 0.
        ClassificationMetrics m = of(4, new int[] {1, 2, 3, 3, 2, 1}, new int[] {1, 2, 2, 3, 2, 1});
        assertEquals(5.0 / 6, m.accuracy(), 1e-15);
        assertTrue(Double.isNaN(m.perClassAccuracy()[0]));
        assertEquals(0.5, m.perClassAccuracy()[3]);
    }

    @Test
    void emptySetIsUndefined() {
        ClassificationMetrics m = of(10, new int[0], new int[0]);
        assertTrue(Double.isNaN(m.accuracy()));
        assertEquals(0, m.count());
    }

    @Test
    void keepsItsOwnCopyOfTheCounts() {
        ConfusionMatrix cm = new ConfusionMatrix(2);
        cm.add(0, 0);
        ClassificationMetrics m = ClassificationMetrics.of(cm);
        cm.add(0, 1);
        assertEquals(1.0, m.accuracy());
        assertEquals(1, m.confusion().total());
    }
}
