package mgdaunet.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TaskMeterTest {
    /** One-hot NCHW logits (3 classes, background 2) that predict {@code classes} (N x H x W). */
    private static float[] logitsFor(int[] classes, int n, int k) {
        int plane = classes.length / n;
        float[] logits = new float[n * k * plane];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < plane; p++) logits[(i * k + classes[i * plane + p]) * plane + p] = 1f;
        }
        return logits;
    }

    @Test
    void segmentationOverBatchesEqualsTheWholeSetNotTheMeanOfBatches() {
        // Image 1: class 0 perfectly found on 1 pixel. Image 2: class 0, 3 pixels, 1 found.
        int[] truth1 = {0, 2, 2, 2};
        int[] pred1 = {0, 2, 2, 2};
        int[] truth2 = {0, 0, 0, 2};
        int[] pred2 = {0, 2, 2, 2};
        TaskMeter meter = TaskMeter.segmentation("seg", 3, 2);
        meter.addLogits(logitsFor(pred1, 1, 3), 1, truth1);
        meter.addLogits(logitsFor(pred2, 1, 3), 1, truth2);
        SegmentationMetrics m = assertInstanceOf(SegmentationMetrics.class, meter.metrics());
        // Class 0 over the set: TP 2, FN 2 -> IoU 1/2. The mean of the per-image IoUs would be (1 + 1/3) / 2.
        assertEquals(0.5, m.iou()[0], 1e-15);
        assertNotEquals((1 + 1.0 / 3) / 2, m.meanIou(), 1e-3);
        assertEquals(8, m.count());
    }

    @Test
    void classificationFromLogits() {
        TaskMeter left = TaskMeter.classification("left", 10);
        float[] logits = new float[3 * 10];
        logits[7] = 3f;           // image 0 -> 7
        logits[10 + 2] = 1f;      // image 1 -> 2
        logits[20 + 9] = 0.5f;    // image 2 -> 9
        left.addLogits(logits, 3, new int[] {7, 2, 8});
        assertEquals(2.0 / 3, left.metrics().main(), 1e-15);
        assertEquals(ClassificationMetrics.NAMES, left.metricNames());
        assertThrows(IllegalArgumentException.class, () -> left.addLogits(new float[60], 3, new int[6]));
        assertThrows(IllegalArgumentException.class, () -> left.addLogits(new float[20], 3, new int[3]));
    }

    @Test
    void lossIsWeightedByBatchSize() {
        TaskMeter meter = TaskMeter.classification("right", 10);
        assertTrue(Double.isNaN(meter.meanLoss()));
        meter.addLoss(1.0, 3);
        meter.addLoss(3.0, 1); // the mean of batch means would be 2.0
        assertEquals(1.5, meter.meanLoss(), 1e-15);
        meter.reset();
        assertTrue(Double.isNaN(meter.meanLoss()));
        assertEquals(0, meter.metrics().count());
    }

    @Test
    void anEmptyBatchAddsNothing() {
        TaskMeter seg = TaskMeter.segmentation("seg", 11, 10);
        seg.addLogits(new float[0], 0, new int[0]);
        assertEquals(0, seg.metrics().count());
    }

    @Test
    void backgroundMustBeAClass() {
        assertThrows(IllegalArgumentException.class, () -> TaskMeter.segmentation("seg", 10, 10));
    }
}
