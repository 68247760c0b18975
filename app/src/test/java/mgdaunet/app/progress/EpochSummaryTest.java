package mgdaunet.app.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import mgdaunet.app.metrics.ClassificationMetrics;
import mgdaunet.app.metrics.ConfusionMatrix;
import mgdaunet.app.metrics.SegmentationMetrics;
import org.junit.jupiter.api.Test;

class EpochSummaryTest {
    private static SegmentationMetrics seg() {
        ConfusionMatrix cm = new ConfusionMatrix(11);
        cm.add(new int[] {10, 10, 3, 3, 10, 7, 7, 10}, new int[] {10, 3, 3, 10, 10, 7, 10, 10}); // the hand case of SegmentationMetricsTest
        return SegmentationMetrics.of(cm, 10);
    }

    private static ClassificationMetrics left() {
        ConfusionMatrix cm = new ConfusionMatrix(10);
        cm.add(new int[] {1, 2, 3, 4}, new int[] {1, 2, 3, 5});
        return ClassificationMetrics.of(cm);
    }

    @Test
    void aReadableTable() {
        EpochSummary s = new EpochSummary(3, 5, 99.4, 4000, 6.0, 1000, "mgda-ub",
                List.of(new EpochSummary.TaskResult("seg", 0.12345, 0.13214, 0.41234, seg()),
                        new EpochSummary.TaskResult("left", 0.43214, 0.48761, 0.3, left()),
                        new EpochSummary.TaskResult("right", 12.5, Double.NaN, Double.NaN, null)),
                new double[][] {{1, -0.1234, 0.045}, {-0.1234, 1, 0.2105}, {0.045, 0.2105, 1}});
        assertEquals(List.of(
                "epoch 3/5 done in 1:45: train 1:39 (40.2 img/s), validation 0:06 (166.7 img/s)",
                "  task   train loss  val loss  mgda-ub weight  metric            others",
                "  seg        0.1235    0.1321           0.412  mIoU      0.4167  pixel acc 0.6250  bg IoU 0.5000  Dice 0.5833  digit acc 0.5000",
                "  left       0.4321    0.4876           0.300  accuracy  0.7500",
                "  right       12.50         -               -                 -",
                "  gradient cosines     seg   left",
                "  left              -0.123",
                "  right              0.045  0.211"), s.lines());
    }

    @Test
    void oneTaskHasNoCosinesAndPrintsToTheStream() {
        EpochSummary s = new EpochSummary(1, 1, 0, 0, 0, 0, "", List.of(new EpochSummary.TaskResult("left", 2.3, 2.2, 1, left())), new double[][] {{1}});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        s.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertEquals(String.join(System.lineSeparator(),
                "epoch 1/1 done in 0:00: train 0:00 (- img/s), validation 0:00 (- img/s)",
                "  task  train loss  val loss  weight  metric            others",
                "  left      2.3000    2.2000   1.000  accuracy  0.7500", ""), bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void cosinesMustMatchTheTasks() {
        var tasks = List.of(new EpochSummary.TaskResult("a", 1, 1, 1, null), new EpochSummary.TaskResult("b", 1, 1, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new EpochSummary(1, 1, 1, 1, 1, 1, "", tasks, new double[][] {{1}}));
    }
}
