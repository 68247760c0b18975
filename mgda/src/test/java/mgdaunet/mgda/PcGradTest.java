package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static mgdaunet.mgda.ZReference.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class PcGradTest {
    static final List<String> TASKS = List.of("seg", "left", "right");

    /** PCGrad on the vectors themselves (the paper's Algorithm 1, in double). */
    static double[] projectedSum(double[][] g, int[][] orders) {
        double[] sum = new double[g[0].length];
        for (int i = 0; i < g.length; i++) {
            double[] v = g[i].clone();
            for (int j : orders[i]) {
                double d = dot(v, g[j]);
                if (d < 0) {
                    double f = d / dot(g[j], g[j]);
                    for (int e = 0; e < v.length; e++) v[e] -= f * g[j][e];
                }
            }
            for (int e = 0; e < v.length; e++) sum[e] += v[e];
        }
        return sum;
    }

    @Test
    void theGramMatrixProjectionsEqualTheVectorProjections() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 50; trial++) {
            int tasks = 2 + trial % 4, dim = 3 + trial % 5;
            double[][] g = new double[tasks][dim];
            float[][] gf = new float[tasks][dim];
            for (int t = 0; t < tasks; t++) {
                for (int e = 0; e < dim; e++) gf[t][e] = (float) (g[t][e] = (float) rng.nextGaussian());
            }
            int[][] orders = new PcGrad(List.of("a", "b", "c", "d", "e").subList(0, tasks), trial).orders(trial);
            double[] c = PcGrad.coefficients(GramMatrix.of(gf), orders);
            double[] viaCoefficients = new double[dim];
            for (int t = 0; t < tasks; t++) for (int e = 0; e < dim; e++) viaCoefficients[e] += c[t] * g[t][e];
            double[] direct = projectedSum(g, orders);
            for (int e = 0; e < dim; e++) assertEquals(direct[e], viaCoefficients[e], 1e-9 * (1 + Math.abs(direct[e])));
        }
    }

    @Test
    void ordersVisitEveryOtherTaskOnceAndAreSeeded() {
        PcGrad p = new PcGrad(TASKS, 11);
        for (long step = 0; step < 20; step++) {
            int[][] o = p.orders(step);
            for (int i = 0; i < 3; i++) {
                int[] sorted = o[i].clone();
                Arrays.sort(sorted);
                int self = i;
                int[] others = java.util.stream.IntStream.range(0, 3).filter(j -> j != self).toArray();
                assertArrayEquals(others, sorted);
            }
            assertTrue(Arrays.deepEquals(o, new PcGrad(TASKS, 11).orders(step)), "same seed and step, same orders");
        }
        boolean differ = false;
        for (long step = 0; step < 20; step++) differ |= !Arrays.deepEquals(p.orders(step), new PcGrad(TASKS, 12).orders(step));
        assertTrue(differ, "another seed gives other orders");
    }

    @Test
    void withoutConflictsEveryCoefficientIsOne() {
        float[][] g = {{1, 0, 1}, {1, 1, 0}, {0, 1, 1}};
        assertArrayEquals(new double[] {1, 1, 1}, PcGrad.coefficients(GramMatrix.of(g), new int[][] {{1, 2}, {0, 2}, {0, 1}}), 0);
        // Two opposite gradients each lose their component along the other, so nothing is left:
        // g_1^PC = g_1 + (2/4) g_2 = 0 and g_2^PC = g_2 + (2/1) g_1 = 0, coefficients (1 + 2, 1/2 + 1).
        float[][] h = {{1, 0}, {-2, 0}};
        double[] c = PcGrad.coefficients(GramMatrix.of(h), new int[][] {{1}, {0}});
        assertArrayEquals(new double[] {3, 1.5}, c, 1e-15);
        assertEquals(0, c[0] * 1 + c[1] * -2, 1e-15);
    }

    @Test
    void aStepSendsTheProjectedSumIntoTheTrunkAndTrainsHeadsOnTheirOwnLosses() {
        MultiTaskModel fast = model(131, 3), slow = model(131, 3);
        Variable x = input(132);
        Map<String, int[]> y = targets(133);
        Map<String, Tensor> start = buffers(fast);
        PcGrad p = new PcGrad(TASKS, 4);
        StepResult r = p.step(fast, x, y);

        MgdaUbTest.ZGradients zg = MgdaUbTest.zGradients(slow, x, y);
        double[][] g = new double[3][];
        for (int t = 0; t < 3; t++) g[t] = toDouble(zg.g()[t]);
        double[] d = projectedSum(g, p.orders(0));
        ZReference.backward(slow, x, y, start, new double[] {1, 1, 1}, toFloat(d));
        assertSameGradients(grads(slow), grads(fast), 1e-5);
        assertSameBuffers(buffers(slow), buffers(fast));
        assertNotNull(r.diagnostics());
        assertEquals(3, r.weights().size());
    }

    @Test
    void aResumedRunDrawsTheSameOrders() {
        PcGrad p = new PcGrad(TASKS, 9);
        p.step(model(141, 3), input(142), targets(143));
        PcGrad resumed = new PcGrad(TASKS, 9);
        resumed.loadStateDict(p.stateDict());
        assertEquals(1f, p.stateDict().get("pcgrad.steps").item());
        StepResult a = p.step(model(144, 3), input(142), targets(143));
        StepResult b = resumed.step(model(144, 3), input(142), targets(143));
        assertEquals(a.weights(), b.weights());
    }
}
