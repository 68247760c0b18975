package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SoftmaxTest {
    private static final int L = Ref.LANES;

    /** Softmax or log-softmax by definition, in double, along dim of a [outer, n, inner] view. */
    private static double[] reference(Tensor x, int dim, boolean log) {
        int[] s = x.shape();
        int n = s[dim], outer = ShapeOps.outerSize(s, dim), inner = ShapeOps.innerSize(s, dim);
        double[] r = new double[x.size()];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                double m = Double.NEGATIVE_INFINITY, z = 0;
                for (int k = 0; k < n; k++) m = Math.max(m, x.data()[(o * n + k) * inner + j]);
                for (int k = 0; k < n; k++) z += Math.exp(x.data()[(o * n + k) * inner + j] - m);
                for (int k = 0; k < n; k++) {
                    int i = (o * n + k) * inner + j;
                    r[i] = log ? x.data()[i] - m - Math.log(z) : Math.exp(x.data()[i] - m) / z;
                }
            }
        }
        return r;
    }

    @Test
    void matchesTheDoubleReferenceAlongEveryDimensionOnBothPaths() {
        int[][] shapes = {{1}, {L - 1}, {3, 2 * L + 5}, {2, 11, 3, 2 * L + 1}, {4, 1, 5}, {0, 3}, {2, 0}, {64, 301}};
        long seed = 1;
        for (int[] shape : shapes) {
            Tensor x = Tensor.uniform(Tensor.rng(seed++), -8f, 8f, shape);
            for (int dim = 0; dim < shape.length; dim++) {
                for (boolean log : new boolean[] {false, true}) {
                    double[] ref = reference(x, dim, log);
                    for (boolean simd : new boolean[] {true, false}) {
                        Tensor out = Softmax.apply(x, dim, Tensor.zeros(shape), log, simd);
                        for (int i = 0; i < ref.length; i++) {
                            assertEquals(ref[i], out.data()[i], 2e-6 * Math.max(1, Math.abs(ref[i])),
                                    (log ? "logSoftmax " : "softmax ") + Shape.str(shape) + " dim " + dim + " simd=" + simd + " at " + i);
                        }
                    }
                }
            }
        }
    }

    @Test
    void largeLogitsDoNotOverflow() {
        for (boolean simd : new boolean[] {true, false}) {
            for (int inner : new int[] {1, L + 3}) {
                // Rows [1e4, -1e4, 1e4 - 1, 0] along dim 0, repeated over `inner` columns.
                float[] v = {1e4f, -1e4f, 1e4f - 1, 0f};
                Tensor x = Tensor.zeros(4, inner);
                for (int k = 0; k < 4; k++) for (int j = 0; j < inner; j++) x.set(v[k], k, j);
                Tensor p = Softmax.apply(x, 0, Tensor.zeros(4, inner), false, simd);
                Tensor lp = Softmax.apply(x, 0, Tensor.zeros(4, inner), true, simd);
                double z = 1 + Math.exp(-1);
                for (int j = 0; j < inner; j++) {
                    assertEquals(1 / z, p.get(0, j), 1e-6);
                    assertEquals(0f, p.get(1, j));
                    assertEquals(Math.exp(-1) / z, p.get(2, j), 1e-6);
                    assertEquals(-Math.log(z), lp.get(0, j), 1e-6);
                    assertEquals(-2e4 - Math.log(z), lp.get(1, j), 1e-2, "log-probabilities stay finite");
                    assertEquals(-1e4 - Math.log(z), lp.get(3, j), 1e-2);
                }
            }
        }
    }

    @Test
    void infinitiesMaskOrShareTheMassAndAllNegativeInfinityIsNaN() {
        float inf = Float.POSITIVE_INFINITY;
        for (boolean simd : new boolean[] {true, false}) {
            for (boolean columns : new boolean[] {false, true}) {
                float[][] rows = {{1f, -inf, 1f}, {inf, 0f, inf}, {-inf, -inf, -inf}, {0f, Float.NaN, 1f}};
                for (float[] row : rows) {
                    Tensor x = columns ? Tensor.of(row, 3, 1) : Tensor.of(row, 1, 3);
                    int dim = columns ? 0 : 1;
                    float[] p = Softmax.apply(x, dim, x.copy(), false, simd).data();
                    float[] lp = Softmax.apply(x, dim, x.copy(), true, simd).data();
                    String at = java.util.Arrays.toString(row) + " simd=" + simd + " columns=" + columns;
                    if (row == rows[0]) {
                        assertArrayEquals(new float[] {0.5f, 0f, 0.5f}, p, at);
                        assertEquals(Float.NEGATIVE_INFINITY, lp[1], at);
                        assertEquals((float) -Math.log(2), lp[0], 1e-7f, at);
                    } else if (row == rows[1]) {
                        assertArrayEquals(new float[] {0.5f, 0f, 0.5f}, p, at);
                        assertArrayEquals(new float[] {(float) -Math.log(2), Float.NEGATIVE_INFINITY, (float) -Math.log(2)}, lp, at);
                    } else {
                        for (int i = 0; i < 3; i++) assertTrue(Float.isNaN(p[i]) && Float.isNaN(lp[i]), at);
                    }
                }
            }
        }
    }

    @Test
    void inPlaceAndInstanceForms() {
        Tensor x = Tensor.uniform(Tensor.rng(4), -3f, 3f, 2, 5, 7);
        Tensor p = x.softmax(1);
        Tensor sums = p.sum(1);
        for (float s : sums.data()) assertEquals(1f, s, 1e-6f);
        Tensor lp = x.logSoftmax(-1);
        Tensor y = x.copy();
        assertSame(y, Softmax.logSoftmax(y, 2, y));
        assertArrayEquals(lp.data(), y.data());
        Tensor z = x.copy();
        Softmax.softmax(z, 1, z);
        assertArrayEquals(p.data(), z.data());
        assertArrayEquals(lp.exp().data(), x.softmax(2).data(), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1f).softmax(0));
        var e = assertThrows(IllegalArgumentException.class, () -> Softmax.softmax(x, 1, Tensor.zeros(2, 5)));
        assertTrue(e.getMessage().contains("[2, 5, 7]") && e.getMessage().contains("[2, 5]"), e.getMessage());
    }
}
