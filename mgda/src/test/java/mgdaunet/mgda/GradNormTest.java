package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.VectorMath;
import org.junit.jupiter.api.Test;

class GradNormTest {
    static final List<String> TASKS = List.of("seg", "left", "right");

    /** GradNorm's weight update written out in double from its definition, with Adam's state. */
    static final class Reference {
        double[] w = {1, 1, 1}, m = new double[3], v = new double[3], l0;
        int steps;

        void update(double[] norms, double[] losses, double alpha, double lr) {
            if (l0 == null) l0 = losses.clone();
            double meanG = 0, meanR = 0;
            for (int t = 0; t < 3; t++) {
                meanG += w[t] * norms[t] / 3;
                meanR += losses[t] / l0[t] / 3;
            }
            steps++;
            double sum = 0;
            for (int t = 0; t < 3; t++) {
                double target = meanG * Math.pow(losses[t] / l0[t] / meanR, alpha);
                double grad = Math.signum(w[t] * norms[t] - target) * norms[t];
                m[t] = 0.9 * m[t] + 0.1 * grad;
                v[t] = 0.999 * v[t] + 0.001 * grad * grad;
                double mHat = m[t] / (1 - Math.pow(0.9, steps)), vHat = v[t] / (1 - Math.pow(0.999, steps));
                sum += w[t] = Math.max(0, w[t] - lr * mHat / (Math.sqrt(vHat) + 1e-8));
            }
            for (int t = 0; t < 3; t++) w[t] *= 3 / sum;
        }
    }

    static double[] norms(MgdaUbTest.ZGradients zg) {
        double[] n = new double[zg.g().length];
        for (int t = 0; t < n.length; t++) n[t] = Math.sqrt(VectorMath.sumOfSquares(zg.g()[t]));
        return n;
    }

    @Test
    void stepsWithItsWeightsThenMovesThemAsTheFormulaSays() {
        GradNorm gn = new GradNorm(TASKS, 1.5, 0.025);
        Reference ref = new Reference();
        MultiTaskModel m = model(161, 3), twin = model(161, 3);
        Variable x1 = input(162), x2 = input(164);
        Map<String, int[]> y1 = targets(163), y2 = targets(165);

        StepResult r1 = gn.step(m, x1, y1);
        MultiTaskModel weighted = model(161, 3);
        MgdaUbTest.backwardWeightedSum(weighted, x1, y1, new double[] {1, 1, 1});
        assertSameGradients(grads(weighted), grads(m), 1e-5);
        assertEquals(List.of(1.0, 1.0, 1.0), List.copyOf(r1.weights().values()));

        MgdaUbTest.ZGradients z1 = MgdaUbTest.zGradients(twin, x1, y1);
        ref.update(norms(z1), z1.losses(), 1.5, 0.025);
        assertArrayEquals(ref.w, gn.weights(), 1e-6);
        double sum = 0;
        for (double w : gn.weights()) sum += w;
        assertEquals(3, sum, 1e-6);
        assertNotEquals(1.0, gn.weights()[0], 1e-3, "the first step moved the weights");

        // Second batch: other losses, so the relative inverse training rates r_t differ from 1.
        double[] used = gn.weights();
        m.zeroGrad();
        StepResult r2 = gn.step(m, x2, y2);
        for (int t = 0; t < 3; t++) assertEquals(used[t], r2.weights().get(TASKS.get(t)), 0);
        MultiTaskModel weighted2 = model(161, 3);
        MgdaUbTest.backwardWeightedSum(weighted2, x2, y2, used);
        assertSameGradients(grads(weighted2), grads(m), 1e-5);
        MgdaUbTest.ZGradients z2 = MgdaUbTest.zGradients(twin, x2, y2);
        ref.update(norms(z2), z2.losses(), 1.5, 0.025);
        assertArrayEquals(ref.w, gn.weights(), 1e-6);
    }

    @Test
    void aResumedRunContinuesExactly() {
        GradNorm gn = new GradNorm(TASKS, 1.5, 0.025);
        gn.step(model(171, 3), input(172), targets(173));
        gn.step(model(171, 3), input(174), targets(175));
        GradNorm resumed = new GradNorm(TASKS, 1.5, 0.025);
        resumed.loadStateDict(gn.stateDict());
        StepResult a = gn.step(model(171, 3), input(176), targets(177));
        StepResult b = resumed.step(model(171, 3), input(176), targets(177));
        assertEquals(a.weights(), b.weights());
        assertArrayEquals(gn.weights(), resumed.weights(), 0);
        assertEquals(3f, gn.stateDict().get("gradnorm.steps").item());
        var e = assertThrows(IllegalArgumentException.class, () -> resumed.loadStateDict(Map.of()));
        assertTrue(e.getMessage().contains("missing entry 'gradnorm.weights'"), e.getMessage());
    }
}
