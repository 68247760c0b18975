package mgdaunet.mgda.solver;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import mgdaunet.tensor.Parallel;
import org.junit.jupiter.api.Test;

class GramMatrixTest {
    private static float[] random(SplittableRandom rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    /** Exact products, Neumaier-compensated sum: a reference independent of VectorMath. */
    private static double referenceDot(float[] a, float[] b) {
        double sum = 0, compensation = 0;
        for (int i = 0; i < a.length; i++) {
            double p = (double) a[i] * b[i];
            double t = sum + p;
            compensation += Math.abs(sum) >= Math.abs(p) ? (sum - t) + p : (p - t) + sum;
            sum = t;
        }
        return sum + compensation;
    }

    private static double norm(float[] a) {
        return Math.sqrt(referenceDot(a, a));
    }

    @Test
    void entriesMatchAReferenceForOddLengthsAcrossBlockAndSegmentBoundaries() {
        SplittableRandom rng = new SplittableRandom(21);
        // 0, 1, a SIMD tail, a block (2048) plus one, and several parallel segments (65536) plus a tail.
        for (int n : new int[] {0, 1, 7, 2049, 3 * 65536 + 11}) {
            for (int t : new int[] {1, 2, 3, 11}) {
                float[][] g = new float[t][];
                for (int i = 0; i < t; i++) g[i] = random(rng, n);
                GramMatrix gram = GramMatrix.of(g);
                assertEquals(t, gram.size());
                for (int i = 0; i < t; i++) {
                    for (int j = 0; j < t; j++) {
                        double ref = referenceDot(g[i], g[j]);
                        double tol = Math.max(1, n) * 0x1p-52 * norm(g[i]) * norm(g[j]);
                        assertEquals(ref, gram.get(i, j), tol, "n=" + n + " T=" + t + " (" + i + ", " + j + ")");
                        assertEquals(gram.get(i, j), gram.get(j, i), "symmetric");
                    }
                }
            }
        }
    }

    @Test
    void chunkedGradientsGiveTheGramOfTheirConcatenation() {
        SplittableRandom rng = new SplittableRandom(22);
        int[] chunkLengths = {5, 0, 70_000, 1, 33};
        int t = 4;
        List<List<float[]>> chunked = new ArrayList<>();
        float[][] whole = new float[t][];
        for (int i = 0; i < t; i++) {
            List<float[]> chunks = new ArrayList<>();
            int total = 0;
            for (int len : chunkLengths) {
                chunks.add(random(rng, len));
                total += len;
            }
            whole[i] = new float[total];
            int at = 0;
            for (float[] c : chunks) {
                System.arraycopy(c, 0, whole[i], at, c.length);
                at += c.length;
            }
            chunked.add(chunks);
        }
        GramMatrix fromChunks = GramMatrix.ofChunks(chunked);
        GramMatrix fromWhole = GramMatrix.of(whole);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                assertEquals(fromWhole.get(i, j), fromChunks.get(i, j), 1e-9 * norm(whole[i]) * norm(whole[j]));
            }
        }
    }

    @Test
    void resultDoesNotDependOnTheNumberOfThreads() {
        SplittableRandom rng = new SplittableRandom(23);
        float[][] g = new float[3][];
        for (int i = 0; i < 3; i++) g[i] = random(rng, 5 * 65536 + 3);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double[][] single = GramMatrix.of(g).toArray();
            Parallel.setThreads(2);
            double[][] two = GramMatrix.of(g).toArray();
            assertArrayEquals(single, two);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void badShapesAreRejectedNamingTaskAndSizes() {
        var noTasks = assertThrows(IllegalArgumentException.class, () -> GramMatrix.of(List.of()));
        assertTrue(noTasks.getMessage().contains("no task gradients"), noTasks.getMessage());
        var lengths = assertThrows(IllegalArgumentException.class, () -> GramMatrix.of(new float[3], new float[4]));
        assertTrue(lengths.getMessage().contains("task 1") && lengths.getMessage().contains("4")
                && lengths.getMessage().contains("3"), lengths.getMessage());
        var chunks = assertThrows(IllegalArgumentException.class,
                () -> GramMatrix.ofChunks(List.of(List.of(new float[2], new float[2]), List.of(new float[4]))));
        assertTrue(chunks.getMessage().contains("task 1 has 1 gradient chunks, task 0 has 2"), chunks.getMessage());
        var square = assertThrows(IllegalArgumentException.class, () -> GramMatrix.fromEntries(new double[][] {{1, 0}, {0}}));
        assertTrue(square.getMessage().contains("row 1"), square.getMessage());
        var asymmetric = assertThrows(IllegalArgumentException.class, () -> GramMatrix.fromEntries(new double[][] {{1, 0.5}, {0.4, 1}}));
        assertTrue(asymmetric.getMessage().contains("not symmetric"), asymmetric.getMessage());
        var negative = assertThrows(IllegalArgumentException.class, () -> GramMatrix.fromEntries(new double[][] {{-1}}));
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GramMatrix.fromEntries(new double[0][0]));
        assertThrows(IndexOutOfBoundsException.class, () -> GramMatrix.fromEntries(new double[][] {{1}}).get(1, 0));
    }

    @Test
    void roundingAsymmetryIsAveragedAway() {
        GramMatrix g = GramMatrix.fromEntries(new double[][] {{2, 1 + 1e-13}, {1 - 1e-13, 3}});
        assertEquals(1.0, g.get(0, 1), 1e-16);
        assertEquals(g.get(0, 1), g.get(1, 0));
    }

    @Test
    void normsCosinesProductsAndScaling() {
        // g0 = (3, 4), g1 = (4, -3), g2 = (0, 0), g3 = (-6, -8).
        GramMatrix g = GramMatrix.of(new float[] {3, 4}, new float[] {4, -3}, new float[] {0, 0}, new float[] {-6, -8});
        assertEquals(5.0, g.norm(0));
        assertEquals(0.0, g.cosine(0, 1));
        assertEquals(-1.0, g.cosine(0, 3), 1e-15);
        assertEquals(1.0, g.cosine(3, 3), 1e-15);
        assertEquals(0.0, g.cosine(0, 2), "a zero gradient has cosine 0, not NaN");
        double[] a = {0.5, 0.25, 0, 0.25};
        // 0.5 (3, 4) + 0.25 (4, -3) + 0.25 (-6, -8) = (1, -0.75): squared norm 1.5625.
        assertEquals(1.5625, g.quadraticForm(a), 1e-15);
        assertArrayEquals(new double[] {0, 6.25, 0, 0}, g.times(a), 1e-15);
        GramMatrix scaled = g.scaled(new double[] {0.2, 0.2, 1, 0.1});
        assertEquals(1.0, scaled.get(0, 0), 1e-15);
        assertEquals(1.0, scaled.get(1, 1), 1e-15);
        assertEquals(-1.0, scaled.get(0, 3), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> g.scaled(new double[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> g.scaled(new double[] {Double.POSITIVE_INFINITY, 1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> g.quadraticForm(new double[] {1}));
    }
}
