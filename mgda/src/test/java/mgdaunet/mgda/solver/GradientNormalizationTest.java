package mgdaunet.mgda.solver;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GradientNormalizationTest {
    // g0 = (3, 4) (norm 5), g1 = (0, 2) (norm 2), g2 = 0.
    private static final GramMatrix GRAM = GramMatrix.of(new float[] {3, 4}, new float[] {0, 2}, new float[] {0, 0});
    private static final double[] LOSSES = {0.5, 4, 2};

    @Test
    void parsesSenerAndKoltunsNames() {
        assertEquals(GradientNormalization.NONE, GradientNormalization.parse("none"));
        assertEquals(GradientNormalization.L2, GradientNormalization.parse("l2"));
        assertEquals(GradientNormalization.LOSS, GradientNormalization.parse("loss"));
        assertEquals(GradientNormalization.LOSS_PLUS, GradientNormalization.parse("loss+"));
        assertEquals(GradientNormalization.LOSS_PLUS, GradientNormalization.parse(" LOSS+ "));
        for (GradientNormalization n : GradientNormalization.values()) assertEquals(n, GradientNormalization.parse(n.label()));
    }

    @Test
    void unknownNamesListTheValidChoices() {
        for (String bad : new String[] {"loss-plus", "", "L1"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> GradientNormalization.parse(bad));
            assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("none, l2, loss, loss+"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> GradientNormalization.parse(null));
    }

    @Test
    void divisorsFollowTheDefinitions() {
        // Task 2 has a zero gradient: l2 and loss+ use 1 for it instead of 0.
        assertArrayEquals(new double[] {1, 1, 1}, GradientNormalization.NONE.divisors(GRAM, null));
        assertArrayEquals(new double[] {5, 2, 1}, GradientNormalization.L2.divisors(GRAM, null), 1e-15);
        assertArrayEquals(new double[] {0.5, 4, 2}, GradientNormalization.LOSS.divisors(GRAM, LOSSES), 1e-15);
        assertArrayEquals(new double[] {2.5, 8, 1}, GradientNormalization.LOSS_PLUS.divisors(GRAM, LOSSES), 1e-15);
    }

    @Test
    void normalizedGramEqualsTheGramOfTheDividedGradients() {
        for (GradientNormalization n : GradientNormalization.values()) {
            double[] d = n.divisors(GRAM, LOSSES);
            GramMatrix expected = GramMatrix.of(
                    new float[] {(float) (3 / d[0]), (float) (4 / d[0])},
                    new float[] {0, (float) (2 / d[1])},
                    new float[] {0, 0});
            GramMatrix normalized = n.normalize(GRAM, LOSSES);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) assertEquals(expected.get(i, j), normalized.get(i, j), 1e-6, n + " (" + i + ", " + j + ")");
            }
        }
        GramMatrix l2 = GradientNormalization.L2.normalize(GRAM, null);
        assertEquals(1.0, l2.get(0, 0), 1e-15);
        assertEquals(1.0, l2.get(1, 1), 1e-15);
        assertEquals(0.8, l2.get(0, 1), 1e-15);
    }

    @Test
    void zeroLossesAndZeroNormsNeverGiveNaN() {
        double[] zeroLosses = {0, 0, 0};
        for (GradientNormalization n : GradientNormalization.values()) {
            GramMatrix normalized = n.normalize(GRAM, zeroLosses);
            for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) assertTrue(Double.isFinite(normalized.get(i, j)), n.label());
            MinNormResult r = MinNormSolver.automatic().solve(normalized);
            for (double w : r.weights()) assertTrue(Double.isFinite(w));
        }
        // loss with zero losses leaves the gradients as they are.
        assertArrayEquals(GRAM.toArray(), GradientNormalization.LOSS.normalize(GRAM, zeroLosses).toArray());
        assertEquals(1.0, GradientNormalization.LOSS_PLUS.divisor(0, 25));
        assertEquals(1.0, GradientNormalization.L2.divisor(Double.NaN, 0), "l2 ignores the loss");
        GramMatrix zero = GramMatrix.fromEntries(new double[2][2]);
        assertArrayEquals(new double[] {1, 1}, GradientNormalization.L2.divisors(zero, null));
    }

    @Test
    void negativeOrNonFiniteLossesAreRejectedNamingTheTask() {
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            for (GradientNormalization n : new GradientNormalization[] {GradientNormalization.LOSS, GradientNormalization.LOSS_PLUS}) {
                var e = assertThrows(IllegalArgumentException.class, () -> n.normalize(GRAM, new double[] {1, bad, 1}));
                assertTrue(e.getMessage().contains(n.label()) && e.getMessage().contains("task 1"), e.getMessage());
            }
        }
        var missing = assertThrows(IllegalArgumentException.class, () -> GradientNormalization.LOSS.normalize(GRAM, null));
        assertTrue(missing.getMessage().contains("needs the task losses"), missing.getMessage());
        var count = assertThrows(IllegalArgumentException.class, () -> GradientNormalization.LOSS.normalize(GRAM, new double[] {1, 2}));
        assertTrue(count.getMessage().contains("2 losses for 3"), count.getMessage());
    }

    @Test
    void l2NormalizationMakesTheWeightsIgnoreGradientScale() {
        // Without normalization the small gradient takes all the weight; with l2 the two equal-angle
        // gradients count alike.
        GramMatrix g = GramMatrix.of(new float[] {100, 0}, new float[] {0, 1});
        assertTrue(MinNormSolver.automatic().solve(g).weight(1) > 0.99);
        MinNormResult r = MinNormSolver.automatic().solve(GradientNormalization.L2.normalize(g, null));
        assertArrayEquals(new double[] {0.5, 0.5}, r.weights(), 1e-15);
    }
}
