package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomLossWeightingTest {
    static final List<String> TASKS = List.of("seg", "left", "right");

    @Test
    void weightsAreTheSoftmaxOfSeededNormalDraws() {
        RandomLossWeighting rlw = new RandomLossWeighting(TASKS, 7);
        for (long step = 0; step < 5; step++) {
            SplittableRandom rng = StepRandom.forStep(7, step);
            double[] e = {rng.nextGaussian(), rng.nextGaussian(), rng.nextGaussian()};
            double z = Math.exp(e[0]) + Math.exp(e[1]) + Math.exp(e[2]);
            double[] expected = {Math.exp(e[0]) / z, Math.exp(e[1]) / z, Math.exp(e[2]) / z};
            assertArrayEquals(expected, rlw.weights(step), 1e-15);
        }
        assertArrayEquals(rlw.weights(3), new RandomLossWeighting(TASKS, 7).weights(3), 0, "same seed, same draws");
        assertFalse(java.util.Arrays.equals(rlw.weights(3), new RandomLossWeighting(TASKS, 8).weights(3)));
        assertFalse(java.util.Arrays.equals(rlw.weights(3), rlw.weights(4)));
    }

    @Test
    void stepsUseTheDrawnWeightsAndAResumedRunContinuesTheSequence() {
        RandomLossWeighting rlw = new RandomLossWeighting(TASKS, 3);
        MultiTaskModel m = model(121, 3), ref = model(121, 3);
        double[] first = rlw.weights(0);
        StepResult r = rlw.step(m, input(122), targets(123));
        MgdaUbTest.backwardWeightedSum(ref, input(122), targets(123), first);
        assertSameGradients(grads(ref), grads(m), 1e-6);
        assertEquals(first[1], r.weights().get("left"), 0);
        rlw.step(model(124, 3), input(122), targets(123));

        RandomLossWeighting resumed = new RandomLossWeighting(TASKS, 3);
        resumed.loadStateDict(rlw.stateDict());
        StepResult a = rlw.step(model(125, 3), input(122), targets(123));
        StepResult b = resumed.step(model(125, 3), input(122), targets(123));
        assertEquals(a.weights(), b.weights());
        assertEquals(rlw.weights(2)[0], a.weights().get("seg"), 0, "the third step uses the third draw");
    }
}
