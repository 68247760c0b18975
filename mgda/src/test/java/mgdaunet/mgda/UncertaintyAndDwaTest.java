package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class UncertaintyAndDwaTest {
    static final List<String> TASKS = List.of("seg", "left", "right");

    @Test
    void uncertaintyWeightsByPrecisionAndItsLogVarianceGradientsAreAnalytic() {
        MultiTaskModel m = model(101, 3), ref = model(101, 3);
        Variable x = input(102);
        Map<String, int[]> y = targets(103);
        UncertaintyWeighting u = new UncertaintyWeighting(TASKS);
        float[] s = {0.3f, -0.2f, 0.1f};
        for (int t = 0; t < 3; t++) u.extraParameters().get(t).value().data()[0] = s[t];

        StepResult r = u.step(m, x, y);

        double[] precision = new double[3];
        for (int t = 0; t < 3; t++) precision[t] = Math.exp(-s[t]);
        MgdaUbTest.backwardWeightedSum(ref, x, y, precision);
        assertSameGradients(grads(ref), grads(m), 1e-6);
        for (int t = 0; t < 3; t++) {
            double loss = r.losses().get(TASKS.get(t));
            // d/ds [exp(-s) L + s / 2] = -exp(-s) L + 1/2
            double analytic = -Math.exp(-s[t]) * loss + 0.5;
            assertEquals(analytic, u.extraParameters().get(t).grad().item(), 1e-6 * Math.max(1, Math.abs(analytic)));
            assertEquals(precision[t], r.weights().get(TASKS.get(t)), 1e-6);
        }
    }

    @Test
    void uncertaintyStateRoundTripsAndRefusesStrangers() {
        UncertaintyWeighting u = new UncertaintyWeighting(TASKS);
        u.extraParameters().get(1).value().data()[0] = -0.75f;
        UncertaintyWeighting v = new UncertaintyWeighting(TASKS);
        v.loadStateDict(u.stateDict());
        assertEquals(-0.75f, v.extraParameters().get(1).item());
        assertEquals(List.of("log_variance.seg", "log_variance.left", "log_variance.right"), List.copyOf(u.stateDict().keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> v.loadStateDict(Map.of("log_variance.middle", Tensor.scalar(1f))));
        assertTrue(e.getMessage().contains("log_variance.middle"), e.getMessage());
    }

    @Test
    void dwaWeightsAfterTwoEpochsMatchHandComputedValues() {
        DynamicWeightAverage dwa = new DynamicWeightAverage(TASKS, 2.0);
        assertArrayEquals(new double[] {1, 1, 1}, dwa.weights(), 0);
        dwa.endEpoch(0, Map.of("seg", 2.0, "left", 1.0, "right", 0.5));
        assertArrayEquals(new double[] {1, 1, 1}, dwa.weights(), 0, "one epoch is not enough for a ratio");
        dwa.endEpoch(1, Map.of("seg", 1.0, "left", 0.9, "right", 0.5));
        // r = (1/2, 0.9/1, 0.5/0.5) = (0.5, 0.9, 1.0); w_t = 3 exp(r_t / 2) / (e^0.25 + e^0.45 + e^0.5)
        // = 3 (1.2840254, 1.5683122, 1.6487213) / 4.5010589
        assertArrayEquals(new double[] {0.855815566704675, 1.045295493649499, 1.098888939645826}, dwa.weights(), 1e-7); // means are kept as floats
        dwa.endEpoch(2, Map.of("seg", 0.8, "left", 0.45, "right", 0.5));
        // r = (0.8, 0.5, 1.0): the loss that fell least gets the most weight
        assertArrayEquals(new double[] {1.0115045511678045, 0.8706100353803773, 1.1178854134518184}, dwa.weights(), 1e-7);
    }

    @Test
    void dwaStepsWithItsWeightsAndResumesFromItsState() {
        DynamicWeightAverage dwa = new DynamicWeightAverage(TASKS, 2.0);
        dwa.endEpoch(0, Map.of("seg", 2.0, "left", 1.0, "right", 0.5));
        dwa.endEpoch(1, Map.of("seg", 1.0, "left", 0.9, "right", 0.5));
        MultiTaskModel m = model(111, 3), ref = model(111, 3);
        StepResult r = dwa.step(m, input(112), targets(113));
        MgdaUbTest.backwardWeightedSum(ref, input(112), targets(113), dwa.weights());
        assertSameGradients(grads(ref), grads(m), 1e-6);
        assertEquals(dwa.weights()[2], r.weights().get("right"), 0);

        DynamicWeightAverage resumed = new DynamicWeightAverage(TASKS, 2.0);
        resumed.loadStateDict(dwa.stateDict());
        assertArrayEquals(dwa.weights(), resumed.weights(), 0);
        var e = assertThrows(IllegalArgumentException.class, () -> dwa.endEpoch(2, Map.of("seg", 1.0, "left", 1.0)));
        assertTrue(e.getMessage().contains("'right'"), e.getMessage());
    }
}
