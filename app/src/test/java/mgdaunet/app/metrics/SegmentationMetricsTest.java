package mgdaunet.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SegmentationMetricsTest {
    private static final int BG = 10;

    private static SegmentationMetrics of(int[] truth, int[] pred) {
        ConfusionMatrix m = new ConfusionMatrix(11);
        m.add(truth, pred);
        return SegmentationMetrics.of(m, BG);
    }

    @Test
    void handComputedTwoDigitImage() {
        // One 2 x 4 image.
        int[] truth = {BG, BG, 3, 3, BG, 7, 7, BG};
        int[] pred = {BG, 3, 3, BG, BG, 7, BG, BG};
        SegmentationMetrics m = of(truth, pred);
        // class 3: TP 1 (px 2), FP 1 (px 1), FN 1 (px 3) -> IoU 1/3, Dice 2/4
        assertEquals(1.0 / 3, m.iou()[3], 1e-15);
        assertEquals(0.5, m.dice()[3], 1e-15);
        // class 7: TP 1 (px 5), FN 1 (px 6) -> IoU 1/2, Dice 2/3
        assertEquals(0.5, m.iou()[7], 1e-15);
        assertEquals(2.0 / 3, m.dice()[7], 1e-15);
        // background: TP 3 (px 0, 4, 7), FP 2 (px 3, 6), FN 1 (px 1) -> IoU 3/6, Dice 6/9
        assertEquals(0.5, m.backgroundIou(), 1e-15);
        assertEquals(2.0 / 3, m.dice()[BG], 1e-15);
        // digits that occur nowhere are left out of the means
        for (int c : new int[] {0, 1, 2, 4, 5, 6, 8, 9}) {
            assertTrue(Double.isNaN(m.iou()[c]) && Double.isNaN(m.dice()[c]), "class " + c);
        }
        assertEquals((1.0 / 3 + 0.5) / 2, m.meanIou(), 1e-15);
        assertEquals((0.5 + 2.0 / 3) / 2, m.meanDice(), 1e-15);
        assertEquals(5.0 / 8, m.pixelAccuracy(), 1e-15);
        assertEquals(2.0 / 4, m.digitPixelAccuracy(), 1e-15); // digit pixels 2, 3, 5, 6; right: 2, 5
        assertEquals("miou", m.mainName());
        assertEquals(m.meanIou(), m.main());
        assertEquals(SegmentationMetrics.NAMES, m.scalars().keySet().stream().toList());
    }

    @Test
    void aDigitPredictedButAbsentFromTheTruthCountsAsZero() {
        int[] truth = new int[8];
        Arrays.fill(truth, BG);
        int[] pred = truth.clone();
        pred[5] = 5;
        SegmentationMetrics m = of(truth, pred);
        assertEquals(0.0, m.iou()[5]);
        assertEquals(0.0, m.meanIou(), "the only digit class present is the false one");
        assertEquals(7.0 / 8, m.backgroundIou(), 1e-15);
        assertTrue(Double.isNaN(m.digitPixelAccuracy()), "no digit pixel in the truth");
    }

    @Test
    void allBackgroundPredictedPerfectlyHasNoDigitMean() {
        int[] truth = new int[2 * 64 * 84];
        Arrays.fill(truth, BG);
        SegmentationMetrics m = of(truth, truth.clone());
        assertEquals(1.0, m.pixelAccuracy());
        assertEquals(1.0, m.backgroundIou());
        assertTrue(Double.isNaN(m.meanIou()));
        assertTrue(Double.isNaN(m.meanDice()));
        assertTrue(Double.isNaN(m.digitPixelAccuracy()));
    }

    @Test
    void perfectPrediction() {
        int[] truth = {BG, 0, 1, 2, 3, BG, 4, 5, 6, 7, 8, 9, 9, BG};
        SegmentationMetrics m = of(truth, truth.clone());
        assertEquals(1.0, m.meanIou());
        assertEquals(1.0, m.meanDice());
        assertEquals(1.0, m.pixelAccuracy());
        assertEquals(1.0, m.digitPixelAccuracy());
        for (double v : m.iou()) assertEquals(1.0, v);
    }

    @Test
    void offByOneLabelsScoreZero() {
        int[] truth = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        int[] pred = new int[truth.length];
        for (int i = 0; i < truth.length; i++) pred[i] = truth[i] + 1; // 9 becomes background
        SegmentationMetrics m = of(truth, pred);
        assertEquals(0.0, m.meanIou());
        assertEquals(0.0, m.pixelAccuracy());
        assertEquals(0.0, m.backgroundIou(), "background predicted once, never true");
        assertEquals(0.0, m.digitPixelAccuracy());
    }

    @Test
    void backgroundNeedNotBeTheLastClass() {
        ConfusionMatrix cm = new ConfusionMatrix(3);
        cm.add(new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 2});
        SegmentationMetrics m = SegmentationMetrics.of(cm, 0);
        assertEquals(0.5, m.backgroundIou());
        assertEquals((0.5 + 1.0) / 2, m.meanIou(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> SegmentationMetrics.of(cm, 3));
    }
}
