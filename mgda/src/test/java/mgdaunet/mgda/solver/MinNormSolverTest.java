package mgdaunet.mgda.solver;

import static mgdaunet.mgda.solver.Simplex.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import mgdaunet.mgda.solver.MinNormSolver.Method;
import org.junit.jupiter.api.Test;

class MinNormSolverTest {
    private static final MinNormSolver[] EXACT_SOLVERS = {MinNormSolver.automatic(), MinNormSolver.activeSet()};

    private static MinNormResult solve(MinNormSolver solver, double[][] g) {
        return solver.solve(GramMatrix.fromEntries(g));
    }

    /** Checks a result against G: on the simplex, reported norm = a'Ga, optimal to {@code relGap} of the scale. */
    private static void assertOptimal(double[][] g, MinNormResult r, double relGap, String what) {
        double[] a = r.weights();
        requireOnSimplex(a);
        double s = scale(g);
        double f = quadraticForm(g, a);
        assertEquals(f, r.squaredNorm(), 1e-12 * s + 1e-300, what + ": reported norm");
        double gap = optimalityGap(g, a);
        assertTrue(gap <= relGap * s, what + ": optimality gap " + gap + " > " + relGap + " * " + s + " for " + r);
        assertTrue(r.gap() >= 0 && Math.abs(r.gap() - Math.max(0, gap)) <= 1e-12 * s, what + ": reported gap " + r.gap() + " vs " + gap);
    }

    // ---------------------------------------------------------------- T = 1 and T = 2

    @Test
    void oneTaskGetsWeightOneWhateverItsGradient() {
        for (double g00 : new double[] {0, 1e-300, 2.5, 1e300}) {
            MinNormResult r = solve(MinNormSolver.automatic(), new double[][] {{g00}});
            assertArrayEquals(new double[] {1}, r.weights());
            assertEquals(g00, r.squaredNorm());
            assertEquals(Method.CLOSED_FORM, r.method());
            assertEquals(0, r.iterations());
        }
    }

    @Test
    void twoTasksReturnExactlyZeroOrOneWhereTheOptimumIsAVertex() {
        // g1 = (1, 0), g2 = (1, 1): <g1, g2 - g1> = 0, so g1 itself is the nearest point (touching case).
        double[][] touching = gramOf(new double[][] {{1, 0}, {1, 1}});
        assertArrayEquals(new double[] {1, 0}, solve(MinNormSolver.automatic(), touching).weights());
        double[][] swapped = gramOf(new double[][] {{1, 1}, {1, 0}});
        assertArrayEquals(new double[] {0, 1}, solve(MinNormSolver.automatic(), swapped).weights());
        // g2 = (2, 1) lies beyond g1: still exactly 1 on g1 (Sener and Koltun's code: 0.999).
        MinNormResult beyond = solve(MinNormSolver.automatic(), gramOf(new double[][] {{1, 0}, {2, 1}}));
        assertArrayEquals(new double[] {1, 0}, beyond.weights());
        assertEquals(1.0, beyond.squaredNorm());
        assertEquals(0.0, beyond.gap());
        assertEquals(Method.CLOSED_FORM, beyond.method());
        // Same for a Gram matrix whose second gradient is the shorter one.
        assertArrayEquals(new double[] {0, 1}, solve(MinNormSolver.automatic(), gramOf(new double[][] {{3, 1}, {1, 0.5}})).weights());
    }

    @Test
    void twoTasksInsideTheSegmentMatchHandDerivedValues() {
        // |g (1,0) + (1-g)(0,2)|^2 = g^2 + 4 (1-g)^2, minimal at g = 4/5, value 4/5.
        MinNormResult r = solve(MinNormSolver.automatic(), gramOf(new double[][] {{1, 0}, {0, 2}}));
        assertArrayEquals(new double[] {0.8, 0.2}, r.weights(), 1e-15);
        assertEquals(0.8, r.squaredNorm(), 1e-15);
        // Opposite gradients (1,0) and (-3,0): 0.75 * 1 - 0.25 * 3 = 0, Pareto-stationary.
        MinNormResult opposite = solve(MinNormSolver.automatic(), gramOf(new double[][] {{1, 0}, {-3, 0}}));
        assertArrayEquals(new double[] {0.75, 0.25}, opposite.weights(), 1e-15);
        assertEquals(0.0, opposite.squaredNorm(), 1e-15);
        // Orthogonal, equal norms: equal weights, norm^2 halved.
        MinNormResult orthogonal = solve(MinNormSolver.automatic(), new double[][] {{2, 0}, {0, 2}});
        assertArrayEquals(new double[] {0.5, 0.5}, orthogonal.weights(), 1e-15);
        assertEquals(1.0, orthogonal.squaredNorm(), 1e-15);
    }

    @Test
    void twoTasksMatchAFineGrid() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 100; trial++) {
            double[][] g = randomGram(rng, 2, 1 + trial % 4);
            MinNormResult r = solve(MinNormSolver.automatic(), g);
            double grid = gridMinimum(g, 100_000);
            double s = scale(g);
            assertTrue(r.squaredNorm() <= grid + 1e-12 * s, "trial " + trial + ": " + r.squaredNorm() + " > grid " + grid);
            assertTrue(grid - r.squaredNorm() <= 1e-6 * s, "trial " + trial);
            assertOptimal(g, r, 1e-12, "trial " + trial);
        }
    }

    // ---------------------------------------------------------------- T >= 3 against brute force

    @Test
    void threeTasksMatchAFineSimplexGrid() {
        SplittableRandom rng = new SplittableRandom(12);
        for (int trial = 0; trial < 16; trial++) {
            double[][] g = randomGram(rng, 3, 1 + trial % 5); // ranks 1, 2, 3 and full rank in more dims
            double grid = gridMinimum(g, 2000);
            double s = scale(g);
            for (MinNormSolver solver : EXACT_SOLVERS) {
                MinNormResult r = solve(solver, g);
                assertTrue(r.squaredNorm() <= grid + 1e-12 * s, solver + " trial " + trial + ": " + r.squaredNorm() + " > grid " + grid);
                assertTrue(grid - r.squaredNorm() <= 1e-6 * s, solver + " trial " + trial + ": grid " + grid + " vs " + r.squaredNorm());
                assertOptimal(g, r, 1e-11, solver + " trial " + trial);
            }
        }
    }

    @Test
    void upToElevenTasksIncludingRankDeficientSatisfyOptimalityAndBeatRandomSearch() {
        SplittableRandom rng = new SplittableRandom(13);
        for (int t = 3; t <= 11; t++) {
            for (int rank : new int[] {1, 2, t / 2, t - 1, t, 2 * t}) {
                for (int trial = 0; trial < 6; trial++) {
                    double[][] g = randomGram(rng, t, Math.max(1, rank));
                    double s = scale(g);
                    double search = randomSearchMinimum(g, rng, 3000);
                    String what = "T=" + t + " rank=" + rank + " trial " + trial;
                    for (MinNormSolver solver : EXACT_SOLVERS) {
                        MinNormResult r = solve(solver, g);
                        assertOptimal(g, r, 1e-11, solver + " " + what);
                        assertTrue(r.converged(), what);
                        assertTrue(r.squaredNorm() <= search + 1e-12 * s, what + ": search found " + search + " < " + r.squaredNorm());
                    }
                }
            }
        }
    }

    @Test
    void elevenPerClassGradientsFromFloatArrays() {
        // The seed's eleven per-class segmentation tasks: float gradients over a shared map, with a
        // common component (classes compete for the same pixels) and an odd length (SIMD tails).
        SplittableRandom rng = new SplittableRandom(14);
        int t = 11, n = 10_007;
        float[] common = new float[n];
        for (int k = 0; k < n; k++) common[k] = (float) rng.nextGaussian();
        float[][] grads = new float[t][n];
        for (int i = 0; i < t; i++) {
            double weight = rng.nextDouble() * 2 - 0.5;
            for (int k = 0; k < n; k++) grads[i][k] = (float) (weight * common[k] + rng.nextGaussian() * (0.2 + 0.1 * i));
        }
        MinNormResult r = MinNormSolver.automatic().solve(GramMatrix.of(grads));
        // Recompute G in double directly from the floats, independently of GramMatrix.
        double[][] g = new double[t][t];
        for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) for (int k = 0; k < n; k++) g[i][j] += (double) grads[i][k] * grads[j][k];
        assertOptimal(g, r, 1e-11, "eleven per-class tasks");
        assertEquals(Method.ACTIVE_SET, r.method());
    }

    // ---------------------------------------------------------------- Frank-Wolfe against the exact solver

    @Test
    void frankWolfeAgreesWithTheExactSolverWithinItsOwnCertificate() {
        SplittableRandom rng = new SplittableRandom(15);
        MinNormSolver frankWolfe = MinNormSolver.frankWolfe(20_000, 1e-9);
        int converged = 0, total = 0;
        for (int t : new int[] {3, 4, 5, 7, 11}) {
            for (int rank : new int[] {1, 2, t - 1, t, 2 * t}) {
                for (int trial = 0; trial < 8; trial++) {
                    double[][] g = randomGram(rng, t, rank);
                    double s = scale(g);
                    MinNormResult exact = solve(MinNormSolver.activeSet(), g);
                    MinNormResult fw = solve(frankWolfe, g);
                    String what = "T=" + t + " rank=" + rank + " trial " + trial;
                    assertEquals(Method.FRANK_WOLFE, fw.method());
                    requireOnSimplex(fw.weights());
                    // The exact solver is never worse; Frank-Wolfe is never further off than its gap says.
                    assertTrue(exact.squaredNorm() <= fw.squaredNorm() + 1e-12 * s, what);
                    assertTrue(fw.squaredNorm() - exact.squaredNorm() <= fw.gap() + 1e-12 * s, what);
                    assertTrue(fw.iterations() <= 20_000, what);
                    total++;
                    if (fw.converged()) {
                        converged++;
                        assertTrue(fw.gap() <= 1e-9 * s, what);
                        assertTrue(fw.squaredNorm() - exact.squaredNorm() <= 1e-9 * s, what);
                    } else {
                        // Sublinear convergence on an interior face: only the certificate above holds.
                        assertEquals(20_000, fw.iterations(), what + ": stopped early without converging");
                    }
                }
            }
        }
        assertTrue(converged >= total * 8 / 10, converged + " of " + total + " Frank-Wolfe runs converged");
    }

    @Test
    void frankWolfeStopsAtItsIterationCap() {
        double[][] random = randomGram(new SplittableRandom(18), 11, 10);
        MinNormResult capped = solve(MinNormSolver.frankWolfe(3, 0), random);
        assertEquals(3, capped.iterations());
        assertFalse(capped.converged());
        assertTrue(capped.gap() > 0);
        // Orthogonal gradients of squared norms 1, 1.5, 2.
        double[][] g = {{1, 0, 0}, {0, 1.5, 0}, {0, 0, 2}};
        MinNormResult noSteps = solve(MinNormSolver.frankWolfe(0, 0), g);
        assertEquals(0, noSteps.iterations());
        // The best pair (tasks 0 and 1) with weights 0.6 / 0.4: Sener and Koltun's start.
        assertArrayEquals(new double[] {0.6, 0.4, 0}, noSteps.weights(), 1e-15);
        // Optimum: a_t proportional to 1 / G_tt, a = (1, 2/3, 1/2) / (13/6). From the pair, the exact
        // line search towards e_2 lands on it in one step.
        double[] optimum = {6.0 / 13, 4.0 / 13, 3.0 / 13};
        assertArrayEquals(optimum, solve(MinNormSolver.activeSet(), g).weights(), 1e-15);
        MinNormResult oneStep = solve(MinNormSolver.frankWolfe(), g);
        assertArrayEquals(optimum, oneStep.weights(), 1e-15);
        assertEquals(1, oneStep.iterations());
        assertEquals(6.0 / 13, oneStep.squaredNorm(), 1e-15);
    }

    @Test
    void defaultFrankWolfeUsesSenerAndKoltunsCap() {
        assertEquals(250, MinNormSolver.FRANK_WOLFE_MAX_ITERATIONS);
        SplittableRandom rng = new SplittableRandom(16);
        for (int trial = 0; trial < 50; trial++) {
            MinNormResult r = solve(MinNormSolver.frankWolfe(), randomGram(rng, 11, 10));
            assertTrue(r.iterations() <= 250);
            if (!r.converged()) assertEquals(250, r.iterations());
        }
    }

    // ---------------------------------------------------------------- degenerate inputs

    @Test
    void allZeroGradientsGiveUniformWeights() {
        for (int t : new int[] {2, 3, 11}) {
            for (MinNormSolver solver : new MinNormSolver[] {MinNormSolver.automatic(), MinNormSolver.activeSet(), MinNormSolver.frankWolfe()}) {
                MinNormResult r = solve(solver, new double[t][t]);
                double[] uniform = new double[t];
                Arrays.fill(uniform, 1.0 / t);
                assertArrayEquals(uniform, r.weights(), 1e-15);
                assertEquals(0.0, r.squaredNorm());
                assertEquals(0.0, r.gap());
                assertTrue(r.converged());
            }
        }
    }

    @Test
    void identicalGradientsShareTheWeightEqually() {
        float[] g = {0.5f, -1.25f, 3f, 0.125f, 7f};
        for (int t : new int[] {2, 3, 11}) {
            float[][] same = new float[t][];
            Arrays.fill(same, g);
            for (MinNormSolver solver : new MinNormSolver[] {MinNormSolver.automatic(), MinNormSolver.frankWolfe()}) {
                MinNormResult r = solver.solve(GramMatrix.of(same));
                for (double w : r.weights()) assertEquals(1.0 / t, w, 1e-15);
                assertEquals(Method.CLOSED_FORM, r.method());
                assertEquals(0.25 + 1.5625 + 9 + 0.015625 + 49, r.squaredNorm(), 1e-12);
            }
        }
        // Two copies of (1, 0) and one (0, 1): the pair's optimum (1/2, 1/2), the copies split their half.
        MinNormResult mixed = solve(MinNormSolver.automatic(), gramOf(new double[][] {{1, 0}, {0, 1}, {1, 0}}));
        assertArrayEquals(new double[] {0.25, 0.5, 0.25}, mixed.weights(), 1e-15);
        assertEquals(0.5, mixed.squaredNorm(), 1e-15);
    }

    @Test
    void aZeroGradientAmongOthersTakesAllTheWeight() {
        // 0 is in the hull at the zero gradient: the minimum norm is 0 and nothing else is needed.
        for (MinNormSolver solver : EXACT_SOLVERS) {
            MinNormResult r = solve(solver, gramOf(new double[][] {{1, 2}, {0, 0}, {-1, 3}, {4, 0}}));
            assertArrayEquals(new double[] {0, 1, 0, 0}, r.weights());
            assertEquals(0.0, r.squaredNorm());
        }
    }

    @Test
    void rankDeficientCasesReachZeroWhenTheOriginIsInTheHull() {
        // Collinear gradients of both signs (rank 1) and four points around the origin in a plane (rank 2).
        double[][][] cases = {
            gramOf(new double[][] {{1, 0}, {-2, 0}, {3, 0}}),
            gramOf(new double[][] {{1, 1, 0}, {-1, 1, 0}, {0, -1, 0}, {2, 2, 0}}),
            gramOf(new double[][] {{1, 1}, {2, 2}, {-1, -1}, {-3, -3}, {0.5, 0.5}}),
        };
        for (double[][] g : cases) {
            for (MinNormSolver solver : EXACT_SOLVERS) {
                MinNormResult r = solve(solver, g);
                assertEquals(0.0, r.squaredNorm(), 1e-14 * scale(g), Arrays.deepToString(g));
                assertOptimal(g, r, 1e-12, Arrays.deepToString(g));
            }
        }
    }

    @Test
    void tinyAndHugeScalesGiveTheSameWeights() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int t : new int[] {2, 3, 7}) {
            double[][] g = randomGram(rng, t, t);
            MinNormResult unit = solve(MinNormSolver.automatic(), g);
            for (double factor : new double[] {1e-280, 1e-30, 1e30, 1e280}) {
                double[][] scaled = new double[t][t];
                for (int i = 0; i < t; i++) for (int j = 0; j < t; j++) scaled[i][j] = g[i][j] * factor;
                MinNormResult r = solve(MinNormSolver.automatic(), scaled);
                assertArrayEquals(unit.weights(), r.weights(), 1e-12, "factor " + factor);
                assertEquals(unit.squaredNorm() * factor, r.squaredNorm(), 1e-10 * unit.squaredNorm() * factor);
                assertTrue(Double.isFinite(r.gap()));
            }
        }
    }

    @Test
    void gradientsOfVeryDifferentSizesAreSolvedExactly() {
        // Norms 1e-6 and 1e6 and one in between, at angles: normalization inside must not lose the tiny one.
        double[][] v = {{1e-6, 0, 0}, {0, 1e6, 0}, {0.5, 0.5, 0.5}};
        double[][] g = gramOf(v);
        MinNormResult r = solve(MinNormSolver.automatic(), g);
        requireOnSimplex(r.weights());
        // The tiny gradient alone (squared norm 1e-12) is optimal to within 1e-36.
        assertEquals(1e-12, r.squaredNorm(), 1e-24, Arrays.toString(r.weights()));
        assertTrue(r.weight(0) > 0.999, Arrays.toString(r.weights()));
    }

    @Test
    void hugeFloatGradientsStayFinite() {
        float[] a = new float[33];
        float[] b = new float[33];
        Arrays.fill(a, 1e38f);
        for (int i = 0; i < 33; i++) b[i] = i % 2 == 0 ? -3e38f : 2e38f;
        MinNormResult r = MinNormSolver.automatic().solve(GramMatrix.of(a, b, a.clone()));
        requireOnSimplex(r.weights());
        assertTrue(Double.isFinite(r.squaredNorm()) && Double.isFinite(r.gap()));
    }

    @Test
    void nanOrInfiniteInputIsRejectedWithTheTaskNamed() {
        float[] good = {1, 2, 3};
        float[] bad = {1, Float.NaN, 3};
        var e = assertThrows(IllegalArgumentException.class, () -> GramMatrix.of(good, bad, good));
        assertTrue(e.getMessage().contains("task gradient 1") && e.getMessage().contains("NaN"), e.getMessage());
        var inf = assertThrows(IllegalArgumentException.class, () -> GramMatrix.of(new float[] {Float.POSITIVE_INFINITY, 0}, new float[] {1, 1}));
        assertTrue(inf.getMessage().contains("task gradient 0"), inf.getMessage());
        var entries = assertThrows(IllegalArgumentException.class,
                () -> GramMatrix.fromEntries(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
        assertTrue(entries.getMessage().contains("(0, 1)") && entries.getMessage().contains("NaN"), entries.getMessage());
    }

    @Test
    void badSolverSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MinNormSolver.frankWolfe(-1, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> MinNormSolver.frankWolfe(10, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> MinNormSolver.frankWolfe(10, -1));
    }

    @Test
    void automaticPicksTheClosedFormForTwoAndTheMeasuredFasterMethodAbove() {
        MinNormSolver auto = MinNormSolver.automatic();
        assertEquals(Method.CLOSED_FORM, auto.methodFor(1));
        assertEquals(Method.CLOSED_FORM, auto.methodFor(2));
        for (int t = 3; t <= 11; t++) assertEquals(Method.ACTIVE_SET, auto.methodFor(t));
        assertEquals(Method.FRANK_WOLFE, MinNormSolver.frankWolfe().methodFor(3));
        assertEquals(Method.CLOSED_FORM, MinNormSolver.frankWolfe().methodFor(2));
    }

    @Test
    void resultIsImmutableAndReportsTheNorm() {
        MinNormResult r = solve(MinNormSolver.automatic(), new double[][] {{4, 0}, {0, 4}});
        double[] w = r.weights();
        w[0] = 42;
        assertEquals(0.5, r.weight(0));
        assertEquals(2, r.size());
        assertEquals(Math.sqrt(2), r.norm(), 1e-15);
    }
}
