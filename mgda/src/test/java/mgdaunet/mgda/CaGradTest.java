package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static mgdaunet.mgda.ZReference.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.SplittableRandom;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class CaGradTest {
    /** F(w) = <g_w, g_0> + c ||g_0|| ||g_w||, from the Gram matrix. */
    static double dualObjective(GramMatrix g, double c, double[] w) {
        int n = g.size();
        double lin = 0, mean = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                lin += w[i] * g.get(i, j) / n;
                mean += g.get(i, j) / ((double) n * n);
            }
        }
        return lin + c * Math.sqrt(Math.max(0, mean)) * Math.sqrt(g.quadraticForm(w));
    }

    static float[][] randomGradients(SplittableRandom rng, int tasks, int dim) {
        float[][] g = new float[tasks][dim];
        for (float[] v : g) for (int e = 0; e < dim; e++) v[e] = (float) rng.nextGaussian();
        return g;
    }

    @Test
    void theDualSolutionBeatsEveryPointOfAFineSimplexGrid() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 12; trial++) {
            int tasks = 2 + trial % 2;
            float[][] v = randomGradients(rng, tasks, 2 + trial % 4);
            if (trial == 4) for (int e = 0; e < v[0].length; e++) v[1][e] = -2 * v[0][e]; // 0 in the hull, g_0 not 0
            if (trial == 5) v[2] = v[0].clone();                            // identical gradients
            GramMatrix g = GramMatrix.of(v);
            double c = trial % 3 == 0 ? 0.5 : trial % 3 == 1 ? 0.2 : 1.0;
            CagradDual.Result r = CagradDual.solve(g, c);
            double best = Double.POSITIVE_INFINITY;
            int steps = tasks == 2 ? 100_000 : 1000;
            for (int i = 0; i <= steps; i++) {
                for (int j = 0; tasks == 3 && j <= steps - i || tasks == 2 && j == 0; j++) {
                    double[] w = tasks == 2 ? new double[] {i / (double) steps, 1 - i / (double) steps}
                            : new double[] {i / (double) steps, j / (double) steps, (steps - i - j) / (double) steps};
                    best = Math.min(best, dualObjective(g, c, w));
                }
            }
            double scale = 0;
            for (int i = 0; i < tasks; i++) scale = Math.max(scale, g.get(i, i));
            double mine = dualObjective(g, c, r.weights());
            assertTrue(r.gap() <= CagradDual.GAP_TOLERANCE, "trial " + trial + ": gap " + r.gap() + " after " + r.iterations());
            assertTrue(mine <= best + 1e-10 * scale, "trial " + trial + ": " + mine + " vs grid " + best);
            assertTrue(mine >= best - 1e-3 * scale, "trial " + trial + ": the grid is fine enough to come close");
            double sum = 0;
            for (double w : r.weights()) {
                assertTrue(w >= 0);
                sum += w;
            }
            assertEquals(1, sum, 1e-12);
        }
    }

    @Test
    void upToElevenTasksTheDualReachesItsGapAndNoRandomPointBeatsIt() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int tasks = 4; tasks <= 11; tasks++) {
            float[][] v = randomGradients(rng, tasks, tasks % 2 == 0 ? tasks / 2 : 2 * tasks); // rank-deficient and full rank
            GramMatrix g = GramMatrix.of(v);
            CagradDual.Result r = CagradDual.solve(g, 0.5);
            assertTrue(r.gap() <= CagradDual.GAP_TOLERANCE, tasks + " tasks: gap " + r.gap() + " after " + r.iterations());
            double mine = dualObjective(g, 0.5, r.weights());
            for (int k = 0; k < 5000; k++) {
                double[] w = new double[tasks];
                double sum = 0;
                for (int t = 0; t < tasks; t++) sum += w[t] = -Math.log(1 - rng.nextDouble()); // Dirichlet(1, ..., 1)
                for (int t = 0; t < tasks; t++) w[t] /= sum;
                assertTrue(mine <= dualObjective(g, 0.5, w) + 1e-12 * g.get(0, 0) * tasks);
            }
        }
    }

    @Test
    void theSimplexProjectionIsTheClosestPoint() {
        double[] v = {0.5, 2.0, -1.0};
        CagradDual.projectOntoSimplex(v);
        assertArrayEquals(new double[] {0, 1, 0}, v, 1e-15);
        double[] u = {0.4, 0.3, 0.5};
        CagradDual.projectOntoSimplex(u); // shift by (1.2 - 1) / 3 on every coordinate
        assertArrayEquals(new double[] {0.4 - 0.2 / 3, 0.3 - 0.2 / 3, 0.5 - 0.2 / 3}, u, 1e-15);
        double[] one = {7};
        CagradDual.projectOntoSimplex(one);
        assertArrayEquals(new double[] {1}, one, 0);
    }

    @Test
    void theDirectionIsTheBestWorstCaseImprovementInTheBall() {
        SplittableRandom rng = new SplittableRandom(8);
        double c = 0.5;
        for (int trial = 0; trial < 5; trial++) {
            int tasks = 3, dim = 6;
            float[][] v = randomGradients(rng, tasks, dim);
            double[] coef = new CaGrad(c).coefficients(GramMatrix.of(v));
            // d* = (1 + c^2) / T * sum_t coef_t g_t is the maximizer of min_t <g_t, d> over ||d - g_0|| <= c ||g_0||.
            double[] dStar = new double[dim], g0 = new double[dim];
            for (int t = 0; t < tasks; t++) {
                for (int e = 0; e < dim; e++) {
                    dStar[e] += (1 + c * c) / tasks * coef[t] * v[t][e];
                    g0[e] += v[t][e] / (double) tasks;
                }
            }
            double radius = c * Math.sqrt(dot(g0, g0));
            double[] offset = new double[dim];
            for (int e = 0; e < dim; e++) offset[e] = dStar[e] - g0[e];
            assertTrue(Math.sqrt(dot(offset, offset)) <= radius * (1 + 1e-9), "inside the ball");
            double worstOfBest = worstImprovement(v, dStar);
            for (int k = 0; k < 20_000; k++) {
                double[] d = new double[dim];
                double norm = 0;
                for (int e = 0; e < dim; e++) norm += (d[e] = rng.nextGaussian()) * d[e];
                double r = radius * Math.pow(rng.nextDouble(), 1.0 / dim) / Math.sqrt(norm);
                for (int e = 0; e < dim; e++) d[e] = g0[e] + r * d[e];
                assertTrue(worstImprovement(v, d) <= worstOfBest + 1e-9, "a point of the ball does better");
            }
        }
    }

    static double worstImprovement(float[][] g, double[] d) {
        double min = Double.POSITIVE_INFINITY;
        for (float[] v : g) min = Math.min(min, dot(toDouble(v), d));
        return min;
    }

    @Test
    void withCZeroItIsTheSumOfTheLossesAndOneTaskIsItsOwnGradient() {
        float[][] v = randomGradients(new SplittableRandom(1), 3, 4);
        assertArrayEquals(new double[] {1, 1, 1}, new CaGrad(0).coefficients(GramMatrix.of(v)), 1e-12);
        // T = 1: g_w = g_0 = g, lambda = c, d = (1 + c) g / (1 + c^2).
        assertArrayEquals(new double[] {1.5 / 1.25}, new CaGrad(0.5).coefficients(GramMatrix.of(new float[][] {v[0]})), 1e-12);
        // Zero gradients: nothing to move, finite coefficients.
        double[] z = new CaGrad(0.5).coefficients(GramMatrix.of(new float[3][4]));
        for (double x : z) assertTrue(Double.isFinite(x));
        assertThrows(IllegalArgumentException.class, () -> new CaGrad(-0.1));
    }

    @Test
    void aStepSendsTheDirectionIntoTheTrunkAndTrainsHeadsOnTheirOwnLosses() {
        MultiTaskModel fast = model(151, 3), slow = model(151, 3);
        Variable x = input(152);
        Map<String, int[]> y = targets(153);
        Map<String, Tensor> start = buffers(fast);
        double c = 0.5;
        StepResult r = new CaGrad(c).step(fast, x, y);

        MgdaUbTest.ZGradients zg = MgdaUbTest.zGradients(slow, x, y);
        double[] w = CagradDual.solve(GramMatrix.of(zg.g()), c).weights();
        int n = zg.g()[0].length;
        double[] g0 = new double[n], gw = new double[n];
        for (int t = 0; t < 3; t++) {
            for (int e = 0; e < n; e++) {
                g0[e] += zg.g()[t][e] / 3.0;
                gw[e] += w[t] * zg.g()[t][e];
            }
        }
        double lambda = c * Math.sqrt(dot(g0, g0)) / Math.sqrt(dot(gw, gw));
        double[] d = new double[n];
        for (int e = 0; e < n; e++) d[e] = 3 * (g0[e] + lambda * gw[e]) / (1 + c * c);
        ZReference.backward(slow, x, y, start, new double[] {1, 1, 1}, toFloat(d));
        assertSameGradients(grads(slow), grads(fast), 1e-5);
        for (int t = 0; t < 3; t++) {
            assertEquals((1 + 3 * lambda * w[t]) / (1 + c * c), r.weights().get(fast.taskNames().get(t)), 1e-6);
        }
    }
}
