package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    private static final int L = Ref.LANES;

    /** Shapes and dimension sets: inner reduced, inner kept, alternating, all, none, size 1 and 0. */
    static List<Object[]> cases() {
        return List.of(
                new Object[] {new int[] {4 * L + 3}, new int[] {0}},
                new Object[] {new int[] {1}, new int[] {0}},
                new Object[] {new int[] {}, new int[] {}},
                new Object[] {new int[] {5, 7}, new int[] {1}},
                new Object[] {new int[] {5, 7}, new int[] {0}},
                new Object[] {new int[] {5, 7}, new int[] {-1, 0}},
                new Object[] {new int[] {5, 7}, new int[] {}},
                new Object[] {new int[] {3, 4, 5, 2 * L + 1}, new int[] {0, 2, 3}},  // batch-norm statistics
                new Object[] {new int[] {3, 4, 5, 2 * L + 1}, new int[] {1}},        // over channels
                new Object[] {new int[] {3, 4, 5, 6}, new int[] {0, 2}},             // inner kept, alternating
                new Object[] {new int[] {3, 1, 5, 6}, new int[] {1, 3}},             // a reduced size-1 dim
                new Object[] {new int[] {2, 3, 1, 4}, new int[] {0, 1, 2, 3}},
                new Object[] {new int[] {1000, 3}, new int[] {1}},                   // many short runs
                new Object[] {new int[] {100, 1001}, new int[] {0}},                 // parallel, inner kept
                new Object[] {new int[] {17, 9001}, new int[] {1}});                 // parallel, inner reduced
    }

    private static int[] keptShape(int[] shape, int[] dims, boolean keep) {
        boolean[] red = new boolean[shape.length];
        for (int d : dims) red[d < 0 ? d + shape.length : d] = true;
        int[] s = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (!red[i]) s[k++] = shape[i];
            else if (keep) s[k++] = 1;
        }
        return Arrays.copyOf(s, k);
    }

    /** Reference reduction: sums, sums of squares and max per output index, in double. */
    private static double[][] reference(Tensor x, int[] dims) {
        int[] shape = x.shape();
        int[] outKeep = keptShape(shape, dims, true);
        int n = Shape.numel(outKeep);
        double[] sum = new double[n], max = new double[n];
        long[] count = new long[n];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.size(); i++) {
            int o = Ref.broadcastOffset(Ref.unravel(i, shape), outKeep);
            sum[o] += x.data()[i];
            max[o] = Math.max(max[o], x.data()[i]);
            count[o]++;
        }
        double[] var = new double[n], cnt = new double[n];
        for (int i = 0; i < x.size(); i++) {
            int o = Ref.broadcastOffset(Ref.unravel(i, shape), outKeep);
            double d = x.data()[i] - sum[o] / count[o];
            var[o] += d * d;
        }
        for (int o = 0; o < n; o++) cnt[o] = count[o];
        return new double[][] {sum, max, var, cnt};
    }

    @Test
    void sumMeanMaxVarianceMatchTheDoubleReferenceOnBothPaths() {
        long seed = 3;
        for (Object[] c : cases()) {
            int[] shape = (int[]) c[0], dims = (int[]) c[1];
            Tensor x = Ref.random(seed++, shape).addInPlace(5f); // an offset: variance must not cancel
            double[][] ref = reference(x, dims);
            for (boolean keep : new boolean[] {true, false}) {
                int[] want = keptShape(shape, dims, keep);
                for (boolean simd : new boolean[] {true, false}) {
                    String what = Shape.str(shape) + " dims " + Arrays.toString(dims) + " keep=" + keep + " simd=" + simd;
                    Tensor s = Reductions.sum(x, dims, keep, simd);
                    Tensor m = Reductions.max(x, dims, keep, simd);
                    Tensor vb = Reductions.variance(x, dims, false, keep, simd);
                    Tensor vu = Reductions.variance(x, dims, true, keep, simd);
                    assertArrayEquals(want, s.shape(), what);
                    assertArrayEquals(want, m.shape(), what);
                    assertArrayEquals(want, vb.shape(), what);
                    for (int o = 0; o < s.size(); o++) {
                        double cnt = ref[3][o];
                        assertEquals(ref[0][o], s.data()[o], 1e-6 * Math.max(1, Math.abs(ref[0][o])), what + " sum");
                        assertEquals((float) ref[1][o], m.data()[o], what + " max");
                        assertEquals(ref[2][o] / cnt, vb.data()[o], 1e-5 * Math.max(1, ref[2][o] / cnt), what + " var");
                        if (cnt > 1) assertEquals(ref[2][o] / (cnt - 1), vu.data()[o], 1e-5 * Math.max(1, ref[2][o] / cnt), what + " unbiased var");
                        else assertTrue(Float.isNaN(vu.data()[o]), what + ": unbiased variance of one value is NaN");
                    }
                    Tensor mean = Reductions.mean(x, dims, keep);
                    for (int o = 0; o < s.size(); o++) assertEquals(ref[0][o] / ref[3][o], mean.data()[o], 1e-6 * Math.max(1, Math.abs(ref[0][o] / ref[3][o])), what + " mean");
                }
            }
        }
    }

    @Test
    void tenMillionTenthsSumToAMillionToSixDigits() {
        float[] d = new float[10_000_000];
        Arrays.fill(d, 0.1f);
        Tensor x = Tensor.wrap(d, d.length);
        for (boolean simd : new boolean[] {true, false}) {
            // Exact: 1e7 * 0.1f = 1000000.0149; naive float accumulation ends near 1087937.
            assertEquals(1e6, Reductions.sumAll(x, simd), 0.5, "simd=" + simd);
            assertEquals(1e6f, Reductions.sum(x, new int[] {0}, false, simd).item(), 0.5f, "simd=" + simd);
        }
        assertEquals(0.1f, x.mean().item(), 1e-7f);
        Tensor rows = x.reshape(10, 1_000_000);
        float[] rs = rows.sum(1).data();
        for (float v : rs) assertEquals(100_000f, v, 0.05f);
        Tensor cols = x.reshape(1_000_000, 10).sum(0);
        for (float v : cols.data()) assertEquals(100_000f, v, 0.05f);
    }

    @Test
    void allAndEmptyReductions() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        assertEquals(15f, x.sum().item());
        assertArrayEquals(new int[] {}, x.sum().shape());
        assertEquals(2.5f, x.mean().item());
        assertEquals(5f, x.max().item());
        assertEquals(3.5f, x.variance(true).item(), 1e-6f);
        assertEquals(35f / 12f, x.variance(false).item(), 1e-6f);
        assertArrayEquals(new float[] {3, 12}, x.sum(1).data());
        assertArrayEquals(new int[] {2, 1}, x.sum(new int[] {1}, true).shape());
        assertArrayEquals(new float[] {1.5f, 2.5f, 3.5f}, x.mean(0).data());
        assertArrayEquals(x.data(), x.sum(new int[0]).data(), "reducing no dimension copies");

        Tensor empty = Tensor.zeros(0, 3);
        assertArrayEquals(new float[] {0, 0, 0}, empty.sum(0).data());
        for (float v : empty.mean(0).data()) assertTrue(Float.isNaN(v));
        assertEquals(0, empty.sum(1).size());
        assertEquals(0f, empty.sum().item());
        assertThrows(IllegalArgumentException.class, () -> empty.max(new int[] {0}, false));
        assertThrows(IllegalArgumentException.class, empty::max);
        assertEquals(0, empty.max(new int[] {1}, false).size());
        var e = assertThrows(IllegalArgumentException.class, () -> x.sum(2));
        assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.sum(1, 1));
    }

    @Test
    void maxAlongADimensionReturnsTheFirstIndexAmongTiesAndTheFirstNaN() {
        for (boolean simd : new boolean[] {true, false}) {
            // inner == 1: rows.
            int n = 3 * L + 1;
            float[] row = new float[2 * n];
            for (int i = 0; i < n; i++) row[i] = i % 5;          // max 4, first at index 4
            for (int i = 0; i < n; i++) row[n + i] = -i;
            row[n + 7] = Float.NaN;
            row[n + 9] = Float.NaN;
            Tensor.MaxResult r = Reductions.maxWithIndex(Tensor.of(row, 2, n), 1, false, simd);
            assertArrayEquals(new int[] {4, 7}, r.indices(), "simd=" + simd);
            assertEquals(4f, r.values().data()[0]);
            assertTrue(Float.isNaN(r.values().data()[1]));

            // inner > 1: the class dimension of [N, C, H, W].
            int c = 4, hw = 2 * L + 3;
            Tensor x = Ref.random(11, 2, c, 1, hw);
            x.set(5f, 1, 2, 0, 3);
            x.set(5f, 1, 3, 0, 3); // tie: index 2 wins
            x.set(Float.NaN, 0, 1, 0, hw - 1);
            x.set(Float.NaN, 0, 3, 0, hw - 1);
            Tensor.MaxResult m = Reductions.maxWithIndex(x, 1, true, simd);
            assertArrayEquals(new int[] {2, 1, 1, hw}, m.values().shape());
            for (int b = 0; b < 2; b++) {
                for (int j = 0; j < hw; j++) {
                    int best = 0;
                    float bv = x.get(b, 0, 0, j);
                    for (int k = 1; k < c && !Float.isNaN(bv); k++) {
                        float v = x.get(b, k, 0, j);
                        if (v > bv || Float.isNaN(v)) {
                            bv = v;
                            best = k;
                        }
                    }
                    assertEquals(best, m.indices()[b * hw + j], "simd=" + simd + " at " + b + "," + j);
                    assertEquals(bv, m.values().get(b, 0, 0, j));
                }
            }
            assertEquals(2, m.indices()[hw + 3]);
            assertEquals(1, m.indices()[hw - 1]);
        }
        assertArrayEquals(new int[] {1, 2}, Tensor.of(new float[] {1, 3, 2, 0, 1, 5}, 2, 3).argmax(1));
        assertArrayEquals(new int[] {0, 0, 1}, Tensor.of(new float[] {1, 3, 2, 0, 1, 5}, 2, 3).argmax(0));
    }

    @Test
    void sumToFoldsBroadcastDimensionsBack() {
        Tensor g = Ref.random(5, 2, 3, 4, 5);
        Tensor bias = g.sumTo(1, 3, 1, 1);
        assertArrayEquals(new int[] {1, 3, 1, 1}, bias.shape());
        Tensor ref = g.sum(new int[] {0, 2, 3}, true);
        assertArrayEquals(ref.data(), bias.data());
        assertArrayEquals(new int[] {4, 5}, g.sumTo(4, 5).shape());
        assertArrayEquals(g.sum(0, 1).data(), g.sumTo(4, 5).data());
        assertArrayEquals(new int[] {5}, g.sumTo(5).shape());
        assertArrayEquals(new int[] {}, g.sumTo().shape());
        assertEquals(g.sum().item(), g.sumTo().item(), 1e-4f);
        assertArrayEquals(new int[] {3, 1, 5}, g.sumTo(3, 1, 5).shape());
        assertSame(g, g.sumTo(2, 3, 4, 5));
        // The defining property: broadcasting back and summing is the identity on a constant gradient.
        Tensor one = Tensor.ones(3, 1).add(Tensor.zeros(1, 4)).sumTo(3, 1);
        assertArrayEquals(new float[] {4, 4, 4}, one.data());
        var e = assertThrows(IllegalArgumentException.class, () -> g.sumTo(3, 4));
        assertTrue(e.getMessage().contains("sumTo") && e.getMessage().contains("[3, 4]") && e.getMessage().contains("[2, 3, 4, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.sumTo(1, 2, 3, 4, 5));
    }

    @Test
    void sumIntoAnExistingOutput() {
        Tensor x = Ref.random(9, 3, 4);
        Tensor out = Tensor.zeros(3, 1);
        assertSame(out, Reductions.sum(x, new int[] {1}, out));
        assertArrayEquals(x.sum(1).data(), out.data());
        assertThrows(IllegalArgumentException.class, () -> Reductions.sum(x, new int[] {1}, Tensor.zeros(4)));
    }
}
