package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private static final int L = Ref.LANES;

    /** Pairs of shapes covering every broadcasting path: same, scalar, rank mismatch, size 1, size 0, tails. */
    static List<int[][]> shapePairs() {
        List<int[][]> p = new ArrayList<>();
        for (int n : new int[] {0, 1, L - 1, L, L + 1, 2 * L + 3, 4 * L + 5, 1001}) p.add(new int[][] {{n}, {n}});
        p.add(new int[][] {{3, 5}, {3, 5}});
        p.add(new int[][] {{37}, {}});                // tensor with a rank-0 scalar
        p.add(new int[][] {{}, {37}});                // scalar first
        p.add(new int[][] {{}, {}});
        p.add(new int[][] {{2, 1, 3}, {1}});          // one-element tensor of rank 1
        p.add(new int[][] {{4, 3, 2 * L + 1}, {2 * L + 1}}); // rank mismatch, row vector
        p.add(new int[][] {{2 * L + 1}, {4, 3, 2 * L + 1}});
        p.add(new int[][] {{3, 1}, {1, 4}});          // outer product
        p.add(new int[][] {{1, 4}, {3, 1}});
        p.add(new int[][] {{2, 5, 3, 7}, {1, 5, 1, 1}}); // per-channel bias on NCHW
        p.add(new int[][] {{5, 1, 1}, {2, 5, 3, 7}});
        p.add(new int[][] {{2, 3, 1, 7}, {2, 1, 5, 1}}); // alternating broadcast dims
        p.add(new int[][] {{2, 1, 5, 1}, {1, 3, 1, 7}});
        p.add(new int[][] {{6, 1}, {6, 9}});
        p.add(new int[][] {{0, 3}, {1, 3}});          // size-0 dims
        p.add(new int[][] {{0, 3}, {3}});
        p.add(new int[][] {{2, 0}, {2, 1}});
        p.add(new int[][] {{1, 1, 1}, {1}});
        p.add(new int[][] {{300, 301}, {301}});       // big enough for the parallel path
        p.add(new int[][] {{300, 1}, {300, 301}});
        p.add(new int[][] {{70_001}, {70_001}});
        return p;
    }

    private static final DoubleBinaryOperator[] REF = {
        (a, b) -> a + b, (a, b) -> a - b, (a, b) -> a * b, (a, b) -> a / b, Math::max, Math::min,
    };

    @Test
    void binaryOpsMatchTheDoubleReferenceExactlyOnBothPaths() {
        long seed = 1;
        for (int[][] pair : shapePairs()) {
            Tensor a = Ref.random(seed++, pair[0]), b = Ref.random(seed++, pair[1]);
            int[] shape = Shape.broadcast("test", pair[0], pair[1]);
            for (int op = 0; op < REF.length; op++) {
                double[] ref = Ref.binary(REF[op], a, b, shape);
                for (boolean simd : new boolean[] {true, false}) {
                    Tensor out = Elementwise.binary(op, a, b, Tensor.zeros(shape), simd);
                    String what = Elementwise.binaryName(op) + " " + Shape.str(pair[0]) + " " + Shape.str(pair[1]) + " simd=" + simd;
                    // +, -, *, / and max/min of floats computed in double then rounded are exactly the float results.
                    for (int i = 0; i < ref.length; i++) {
                        int at = i;
                        assertEquals((float) ref[i], out.data()[i], () -> what + " at " + at);
                    }
                }
            }
        }
    }

    @Test
    void scalarFormsMatchTheReferenceAndRsubRdivPutTheScalarFirst() {
        for (int n : new int[] {0, 1, L - 1, L + 1, 3 * L + 2, 100_003}) {
            Tensor x = Ref.random(n, n);
            float s = 1.75f;
            for (int op = 0; op < REF.length; op++) {
                for (boolean simd : new boolean[] {true, false}) {
                    Tensor vs = Elementwise.withScalar(op, x, s, false, Tensor.zeros(n), simd);
                    Tensor sv = Elementwise.withScalar(op, x, s, true, Tensor.zeros(n), simd);
                    for (int i = 0; i < n; i++) {
                        assertEquals((float) REF[op].applyAsDouble(x.data()[i], s), vs.data()[i]);
                        assertEquals((float) REF[op].applyAsDouble(s, x.data()[i]), sv.data()[i]);
                    }
                }
            }
        }
        Tensor x = Tensor.of(new float[] {1, 2, 4}, 3);
        assertArrayEquals(new float[] {2, 1, -1}, x.rsub(3f).data());
        assertArrayEquals(new float[] {4, 2, 1}, x.rdiv(4f).data());
        assertArrayEquals(new float[] {0.5f, 1, 2}, x.div(2f).data());
    }

    private record UnaryCase(int op, float p, float q, DoubleUnaryOperator ref, long maxUlps, float lo, float hi) {}

    static List<UnaryCase> unaryCases() {
        return List.of(
                new UnaryCase(Elementwise.NEG, 0, 0, v -> -v, 0, -5, 5),
                new UnaryCase(Elementwise.EXP, 0, 0, Math::exp, 2, -80, 80),
                new UnaryCase(Elementwise.LOG, 0, 0, Math::log, 2, 1e-6f, 1e6f),
                new UnaryCase(Elementwise.SQRT, 0, 0, Math::sqrt, 0, 0, 100),
                new UnaryCase(Elementwise.RELU, 0, 0, v -> Math.max(v, 0), 0, -3, 3),
                new UnaryCase(Elementwise.SIGMOID, 0, 0, v -> 1 / (1 + Math.exp(-v)), 4, -30, 30),
                new UnaryCase(Elementwise.TANH, 0, 0, Math::tanh, 3, -10, 10),
                new UnaryCase(Elementwise.ABS, 0, 0, Math::abs, 0, -3, 3),
                new UnaryCase(Elementwise.POW, 3.5f, 0, v -> Math.pow(v, 3.5), 3, 0, 10),
                new UnaryCase(Elementwise.POW, 2f, 0, v -> v * v, 0, -10, 10),
                new UnaryCase(Elementwise.POW, -1f, 0, v -> 1 / v, 0, 0.5f, 10),
                new UnaryCase(Elementwise.POW, 0.5f, 0, Math::sqrt, 0, 0, 10),
                new UnaryCase(Elementwise.POW, 1f, 0, v -> v, 0, -10, 10),
                new UnaryCase(Elementwise.POW, -2.25f, 0, v -> Math.pow(v, -2.25), 3, 0.1f, 10),
                new UnaryCase(Elementwise.CLAMP, -0.5f, 1.25f, v -> Math.min(Math.max(v, -0.5), 1.25), 0, -3, 3),
                new UnaryCase(Elementwise.LEAKY_RELU, 0.01f, 0, v -> v > 0 ? v : 0.01f * (float) v, 0, -3, 3),
                new UnaryCase(Elementwise.SQUARE, 0, 0, v -> v * v, 0, -3, 3),
                new UnaryCase(Elementwise.RECIPROCAL, 0, 0, v -> 1 / v, 0, 0.25f, 3));
    }

    @Test
    void unaryOpsMatchTheDoubleReferenceWithinAFewUlpsOnBothPaths() {
        for (UnaryCase c : unaryCases()) {
            for (int n : new int[] {0, 1, L - 1, L, L + 1, 5 * L + 3, 70_001}) {
                Tensor x = Tensor.uniform(Tensor.rng(n + c.op), c.lo, c.hi, n);
                for (boolean simd : new boolean[] {true, false}) {
                    Tensor out = Elementwise.unary(c.op, c.p, c.q, x, Tensor.zeros(n), simd);
                    for (int i = 0; i < n; i++) {
                        float want = (float) c.ref.applyAsDouble(x.data()[i]);
                        long u = Ref.ulps(want, out.data()[i]);
                        if (u > c.maxUlps) {
                            fail(Elementwise.unaryName(c.op) + "(" + x.data()[i] + ") p=" + c.p + " simd=" + simd
                                    + ": " + out.data()[i] + " vs " + want + " (" + u + " ulps)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void transcendentalsHandleTheirLimitsOnBothPaths() {
        float inf = Float.POSITIVE_INFINITY, nan = Float.NaN;
        float[] in = new float[L * 2 + 1];
        float[] special = {inf, -inf, 0f, -0f, 100f, -100f, nan, 1e-30f, -1e-30f};
        for (int i = 0; i < in.length; i++) in[i] = special[i % special.length];
        Tensor x = Tensor.of(in, in.length);
        for (boolean simd : new boolean[] {true, false}) {
            float[] sig = Elementwise.unary(Elementwise.SIGMOID, 0, 0, x, Tensor.zeros(in.length), simd).data();
            float[] th = Elementwise.unary(Elementwise.TANH, 0, 0, x, Tensor.zeros(in.length), simd).data();
            float[] ex = Elementwise.unary(Elementwise.EXP, 0, 0, x, Tensor.zeros(in.length), simd).data();
            float[] lg = Elementwise.unary(Elementwise.LOG, 0, 0, x, Tensor.zeros(in.length), simd).data();
            float[] re = Elementwise.unary(Elementwise.RELU, 0, 0, x, Tensor.zeros(in.length), simd).data();
            for (int i = 0; i < in.length; i++) {
                float v = in[i];
                String at = "simd=" + simd + " x=" + v;
                assertTrue(Ref.ulps((float) (1 / (1 + Math.exp(-v))), sig[i]) <= 4, at + " sigmoid " + sig[i]);
                assertTrue(Ref.ulps((float) Math.tanh(v), th[i]) <= 3, at + " tanh " + th[i]);
                assertTrue(Ref.ulps((float) Math.exp(v), ex[i]) <= 2, at + " exp " + ex[i]);
                assertTrue(Ref.ulps((float) Math.log(v), lg[i]) <= 2, at + " log " + lg[i]);
                assertEquals(Math.max(v, 0f), re[i], at);
            }
        }
    }

    @Test
    void instanceMethodsAllocateTheBroadcastShape() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        Tensor b = Tensor.of(new float[] {10, 20, 30}, 3);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {2, 3}, c.shape());
        assertArrayEquals(new float[] {10, 21, 32, 13, 24, 35}, c.data());
        assertArrayEquals(new float[] {0, 20, 60, 30, 80, 150}, a.mul(b).data());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, a.maximum(Tensor.scalar(-1f)).data());
        assertArrayEquals(new float[] {0, 1, 1, 1, 1, 1}, a.clamp(0f, 1f).data());
        assertArrayEquals(new float[] {0.5f, 1.5f, 2.5f}, Tensor.of(new float[] {1, 3, 5}, 3).mul(0.5f).data());
        assertArrayEquals(new int[] {3, 4}, Tensor.zeros(3, 1).sub(Tensor.zeros(1, 4)).shape());
        assertArrayEquals(new int[] {}, Tensor.scalar(2f).add(Tensor.scalar(3f)).shape());
        assertEquals(5f, Tensor.scalar(2f).add(Tensor.scalar(3f)).item());
    }

    @Test
    void inPlaceFormsWriteIntoTheTensorAndBroadcastTheOtherOperand() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        float[] before = a.data();
        Tensor r = a.addInPlace(Tensor.of(new float[] {1, 1, 1}, 3));
        assertSame(a, r);
        assertSame(before, a.data());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.data());
        a.mulInPlace(Tensor.of(new float[] {2, 3}, 2, 1));
        assertArrayEquals(new float[] {2, 4, 6, 12, 15, 18}, a.data());
        a.subInPlace(2f).divInPlace(2f);
        assertArrayEquals(new float[] {0, 1, 2, 5, 6.5f, 8}, a.data());
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).addInPlace(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
        Tensor x = Tensor.of(new float[] {-1, 2}, 2);
        assertSame(x, x.reluInPlace());
        assertArrayEquals(new float[] {0, 2}, x.data());
    }

    @Test
    void shapeErrorsNameTheOperationAndBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).mul(Tensor.zeros(4)));
        assertTrue(e.getMessage().startsWith("mul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Elementwise.exp(Tensor.zeros(2), Tensor.zeros(3)));
        assertTrue(e.getMessage().startsWith("exp") && e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Elementwise.add(Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().contains("[2, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2).clamp(1f, 0f));
    }

    @Test
    void divisionByZeroAndNaNFollowIeee() {
        Tensor a = Tensor.of(new float[] {1, -1, 0, Float.NaN}, 4);
        float[] q = a.div(Tensor.zeros(4)).data();
        assertEquals(Float.POSITIVE_INFINITY, q[0]);
        assertEquals(Float.NEGATIVE_INFINITY, q[1]);
        assertTrue(Float.isNaN(q[2]) && Float.isNaN(q[3]));
        assertTrue(Float.isNaN(a.maximum(0f).data()[3]), "max propagates NaN like Math.max");
        assertTrue(Float.isNaN(a.relu().data()[3]));
        assertTrue(Arrays.equals(new float[] {0, 0, 0}, Tensor.of(new float[] {-1f, -0f, 0f}, 3).relu().data()));
    }
}
