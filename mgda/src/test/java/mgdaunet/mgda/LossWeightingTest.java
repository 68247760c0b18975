package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The strategies that weight the losses with known numbers, against a direct backward of the weighted sum. */
class LossWeightingTest {
    @Test
    void fixedUsesTheWeightsAsGiven() {
        MultiTaskModel m = model(71, 3), ref = model(71, 3);
        Variable x = input(72);
        Map<String, int[]> y = targets(73);
        Strategy s = Strategies.parse("fixed", StrategyOptions.defaults().withFixedWeights(Map.of("seg", 2.0, "left", 0.0, "right", 0.75)),
                m.taskNames());
        StepResult r = s.step(m, x, y);
        MgdaUbTest.backwardWeightedSum(ref, x, y, new double[] {2, 0, 0.75});
        assertSameGradients(grads(ref), grads(m), 1e-6);
        assertEquals(List.of(2.0, 0.0, 0.75), List.copyOf(r.weights().values()));
    }

    @Test
    void singleTrainsOneTaskAndReportsEveryTask() {
        MultiTaskModel m = model(81, 3), ref = model(81, 3);
        Variable x = input(82);
        Map<String, int[]> y = targets(83);
        StepResult r = Strategies.parse("single:left", StrategyOptions.defaults(), m.taskNames()).step(m, x, y);

        Variable z = ref.trunk().forward(x);
        Task left = ref.task("left");
        left.loss().apply(left.head().forward(z), y.get("left")).backward();
        Map<String, Tensor> expected = grads(ref), actual = grads(m);
        assertNull(actual.get("heads.seg.conv.weight"), "the other heads get no gradient");
        assertNull(actual.get("heads.right.fc.weight"));
        expected.values().removeIf(g -> g == null);
        actual.values().removeIf(g -> g == null);
        assertSameGradients(expected, actual, 1e-6);
        assertSameBuffers(buffers(ref), buffers(m));

        assertEquals(List.of("seg", "left", "right"), List.copyOf(r.losses().keySet()));
        assertEquals(List.of(0.0, 1.0, 0.0), List.copyOf(r.weights().values()));
        assertEquals(3, r.outputs().size());
        assertFalse(r.losses().values().stream().anyMatch(l -> !(l > 0)));
    }
}
