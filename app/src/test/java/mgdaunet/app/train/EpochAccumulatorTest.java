package mgdaunet.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import mgdaunet.app.report.Json;
import mgdaunet.mgda.StepResult;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EpochAccumulatorTest {
    private static final List<String> TASKS = List.of("seg", "left");
    private static final Map<String, Integer> CLASSES = Map.of("seg", 11, "left", 10);

    /** A step of n images of 2 x 3 pixels whose logits favour class {@code cls} everywhere. */
    private static StepResult step(int n, int cls, double segLoss, double leftLoss, double wSeg) {
        float[] seg = new float[n * 11 * 6], left = new float[n * 10];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 6; p++) seg[(i * 11 + cls) * 6 + p] = 1;
            left[i * 10 + cls] = 1;
        }
        return new StepResult(Map.of("seg", segLoss, "left", leftLoss), Map.of("seg", wSeg, "left", 1 - wSeg),
                Map.of("seg", Tensor.wrap(seg, n, 11, 2, 3), "left", Tensor.wrap(left, n, 10)), null);
    }

    private static Map<String, int[]> targets(int n, int cls) {
        int[] seg = new int[n * 6], left = new int[n];
        java.util.Arrays.fill(seg, cls);
        java.util.Arrays.fill(left, cls);
        return Map.of("seg", seg, "left", left);
    }

    @Test
    void savedHalfWayAndRestoredItEndsAsOneEpochInOneGo() {
        EpochAccumulator whole = new EpochAccumulator(TASKS, CLASSES);
        whole.add(step(3, 2, 0.7, 1.1, 0.25), 3, targets(3, 2));
        EpochAccumulator.Saved saved = whole.save();
        whole.add(step(2, 5, 0.3, 0.9, 0.75), 2, targets(2, 4));

        // through the checkpoint's JSON, as a resumed run reads it
        EpochAccumulator.Saved read = Json.gson().fromJson(Json.toTree(saved).toString(), EpochAccumulator.Saved.class);
        EpochAccumulator resumed = EpochAccumulator.restore(TASKS, CLASSES, read);
        resumed.add(step(2, 5, 0.3, 0.9, 0.75), 2, targets(2, 4));

        for (String t : TASKS) {
            assertEquals(whole.meanLoss(t), resumed.meanLoss(t), 0.0, t);
            assertEquals(whole.meanWeight(t), resumed.meanWeight(t), 0.0, t);
            assertEquals(whole.metrics(t).confusion(), resumed.metrics(t).confusion(), t);
        }
        assertEquals((0.7 * 3 + 0.3 * 2) / 5, whole.meanLoss("seg"), 1e-15, "weighted by images");
        assertEquals(0.5, whole.meanWeight("seg"), 1e-15, "the mean over steps");
        assertEquals(3.0 / 5, whole.metrics("left").main(), 1e-15, "3 of 5 right");
        assertEquals(2, resumed.steps());
        assertEquals(5, resumed.images());
        assertArrayEquals(new double[] {0.25, 0.75}, resumed.weights().getFirst());
    }

    @Test
    void aStateOfOtherTasksIsRefused() {
        EpochAccumulator.Saved s = new EpochAccumulator(List.of("seg"), Map.of("seg", 11)).save();
        assertThrows(IllegalArgumentException.class, () -> EpochAccumulator.restore(TASKS, CLASSES, s));
    }
}
