package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The tensor module's gradient kernels (activations, softmax, losses, max, dropout) against double references. */
class GradientKernelsTest {
    private static final int L = Ref.LANES;
    private static final int[] SIZES = {0, 1, L - 1, L + 1, 3 * L + 5, 70_001};

    @Test
    void activationGradientsMatchTheirDerivativesOnBothPaths() {
        for (int n : SIZES) {
            Tensor x = Ref.random(n, n), g = Ref.random(n + 1, n);
            Tensor sig = x.sigmoid(), th = x.tanh();
            for (boolean simd : new boolean[] {true, false}) {
                float[] relu = Elementwise.gradient(Elementwise.RELU, 0f, x, g, Tensor.zeros(n), simd).data();
                float[] leaky = Elementwise.gradient(Elementwise.LEAKY_RELU, 0.1f, x, g, Tensor.zeros(n), simd).data();
                float[] ds = Elementwise.gradient(Elementwise.SIGMOID, 0f, sig, g, Tensor.zeros(n), simd).data();
                float[] dt = Elementwise.gradient(Elementwise.TANH, 0f, th, g, Tensor.zeros(n), simd).data();
                for (int i = 0; i < n; i++) {
                    double xv = x.data()[i], gv = g.data()[i], s = 1 / (1 + Math.exp(-xv)), t = Math.tanh(xv);
                    assertEquals(xv > 0 ? gv : 0, relu[i]);
                    assertEquals(xv > 0 ? gv : 0.1f * (float) gv, leaky[i]);
                    assertEquals(gv * s * (1 - s), ds[i], 1e-6);
                    assertEquals(gv * (1 - t * t), dt[i], 1e-6);
                }
            }
        }
        var e = assertThrows(IllegalArgumentException.class, () -> Elementwise.reluBackward(Tensor.zeros(2), Tensor.zeros(3), Tensor.zeros(2)));
        assertTrue(e.getMessage().contains("reluBackward") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void softmaxGradientsMatchTheJacobianProductInDouble() {
        int[][] shapes = {{1, 1}, {3, 2 * L + 3}, {2, 5, 3, L + 2}, {4, 7}};
        for (int[] shape : shapes) {
            for (int dim = 0; dim < shape.length; dim++) {
                Tensor x = Ref.random(7, shape), g = Ref.random(8, shape);
                for (boolean log : new boolean[] {false, true}) {
                    Tensor y = log ? x.logSoftmax(dim) : x.softmax(dim);
                    int n = shape[dim], outer = ShapeOps.outerSize(shape, dim), inner = ShapeOps.innerSize(shape, dim);
                    double[] ref = new double[x.size()];
                    for (int o = 0; o < outer; o++) {
                        for (int j = 0; j < inner; j++) {
                            // dx_k = sum_r g_r dy_r/dx_k; softmax: dy_r/dx_k = p_r (delta_rk - p_k);
                            // log-softmax: dy_r/dx_k = delta_rk - p_k.
                            for (int k = 0; k < n; k++) {
                                double s = 0;
                                for (int r = 0; r < n; r++) {
                                    int ir = (o * n + r) * inner + j, ik = (o * n + k) * inner + j;
                                    double pr = log ? Math.exp(y.data()[ir]) : y.data()[ir], pk = log ? Math.exp(y.data()[ik]) : y.data()[ik];
                                    double dr = (r == k ? 1 : 0) - pk;
                                    s += g.data()[ir] * (log ? dr : pr * dr);
                                }
                                ref[(o * n + k) * inner + j] = s;
                            }
                        }
                    }
                    for (boolean simd : new boolean[] {true, false}) {
                        Tensor dx = Softmax.backward(y, g, dim, Tensor.zeros(shape), log, simd);
                        for (int i = 0; i < ref.length; i++) {
                            assertEquals(ref[i], dx.data()[i], 2e-6 * Math.max(1, Math.abs(ref[i])),
                                    (log ? "log" : "") + "softmax " + Shape.str(shape) + " dim " + dim + " simd=" + simd);
                        }
                    }
                }
            }
        }
    }

    @Test
    void crossEntropyForwardAndBackwardMatchTheDefinition() {
        // {4, 3, 5}: the ignored positions move between images that share one range of the backward
        // (its per-range factor array must not carry an image's factor into the next one's ignored spot).
        int[][] shapes = {{5, 3}, {2, 4, 3, L + 1}, {1, 11, 1, 1}, {3, 2 * L + 1}, {4, 3, 5}};
        for (int[] shape : shapes) {
            int batch = shape[0], classes = shape[1], inner = ShapeOps.innerSize(shape, 1);
            Tensor x = Tensor.uniform(Tensor.rng(3), -4f, 4f, shape);
            int[] t = new int[batch * inner];
            java.util.Random r = new java.util.Random(5);
            for (int i = 0; i < t.length; i++) t[i] = i % 4 == 3 ? -100 : r.nextInt(classes);
            float[] w = new float[classes];
            for (int c = 0; c < classes; c++) w[c] = 0.5f + c;
            for (float[] weights : new float[][] {null, w}) {
                Tensor lp = Tensor.zeros(shape);
                Losses.Sums sums = Losses.crossEntropyForward(x, t, weights, -100, lp);
                double loss = 0, wsum = 0;
                double[] grad = new double[x.size()];
                float scale = 0.37f;
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < inner; j++) {
                        int tt = t[b * inner + j];
                        if (tt == -100) continue;
                        double m = Double.NEGATIVE_INFINITY, z = 0;
                        for (int c = 0; c < classes; c++) m = Math.max(m, x.data()[(b * classes + c) * inner + j]);
                        for (int c = 0; c < classes; c++) z += Math.exp(x.data()[(b * classes + c) * inner + j] - m);
                        double wt = weights == null ? 1 : weights[tt];
                        loss -= wt * (x.data()[(b * classes + tt) * inner + j] - m - Math.log(z));
                        wsum += wt;
                        for (int c = 0; c < classes; c++) {
                            int i = (b * classes + c) * inner + j;
                            grad[i] = scale * wt * (Math.exp(x.data()[i] - m) / z - (c == tt ? 1 : 0));
                        }
                    }
                }
                assertEquals(loss, sums.loss(), 1e-5 * Math.max(1, Math.abs(loss)), Shape.str(shape));
                assertEquals(wsum, sums.weight(), 1e-9);
                for (boolean simd : new boolean[] {true, false}) {
                    Tensor dx = Losses.crossEntropyBackward(lp, t, weights, -100, scale, Tensor.full(9f, shape), simd);
                    for (int i = 0; i < grad.length; i++) assertEquals(grad[i], dx.data()[i], 1e-6, Shape.str(shape) + " simd=" + simd);
                }
            }
        }
        Tensor lp = Tensor.zeros(2, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropyForward(Tensor.zeros(2, 3), new int[] {0, 3}, null, -100, lp));
        assertTrue(e.getMessage().contains("target 3") && e.getMessage().contains("[0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropyForward(Tensor.zeros(2, 3), new int[] {0}, null, -100, lp));
        assertTrue(e.getMessage().contains("1 targets") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void binaryCrossEntropyWithLogitsIsStableAndMatchesTheDefinition() {
        for (int n : SIZES) {
            Tensor x = Tensor.uniform(Tensor.rng(n), -30f, 30f, n), t = Tensor.uniform(Tensor.rng(n + 9), 0f, 1f, n);
            double ref = 0;
            for (int i = 0; i < n; i++) {
                double v = x.data()[i], p = 1 / (1 + Math.exp(-v)), tv = t.data()[i];
                // log(1 - p) for large v computed as -v - log(1 + exp(-v)): the stable form.
                double logp = -Math.log1p(Math.exp(-v)), log1mp = -v - Math.log1p(Math.exp(-v));
                if (v < 0) {
                    logp = v - Math.log1p(Math.exp(v));
                    log1mp = -Math.log1p(Math.exp(v));
                }
                ref -= tv * logp + (1 - tv) * log1mp;
                assertTrue(p >= 0 && p <= 1);
            }
            for (boolean simd : new boolean[] {true, false}) {
                assertEquals(ref, Losses.bceWithLogitsForward(x, t, simd), 1e-5 * Math.max(1, Math.abs(ref)), "n=" + n + " simd=" + simd);
                Tensor g = Losses.bceWithLogitsBackward(x, t, 0.5f, Tensor.zeros(n), simd);
                for (int i = 0; i < n; i++) {
                    double want = 0.5 * (1 / (1 + Math.exp(-x.data()[i])) - t.data()[i]);
                    assertEquals(want, g.data()[i], 1e-6);
                }
            }
        }
        Tensor big = Tensor.of(new float[] {1e4f, -1e4f}, 2);
        assertEquals(1e4, Losses.bceWithLogitsForward(big, Tensor.of(new float[] {0f, 1f}, 2)) / 2, 1e-3, "no overflow at |x| = 1e4");
    }

    @Test
    void maxBackwardPlacesTheGradientAtTheArgmax() {
        Tensor x = Tensor.of(new float[] {1, 5, 2, 7, 0, 3}, 2, 3);
        Tensor.MaxResult m = x.max(1, true);
        Tensor g = Reductions.maxBackward(Tensor.of(new float[] {10, 20}, 2, 1), m.indices(), 1, x.shape());
        assertArrayEquals(new float[] {0, 10, 0, 20, 0, 0}, g.data());
        Tensor.MaxResult m0 = x.max(0, false);
        Tensor g0 = Reductions.maxBackward(Tensor.of(new float[] {1, 2, 3}, 3), m0.indices(), 0, x.shape());
        assertArrayEquals(new float[] {0, 2, 0, 1, 0, 3}, g0.data());
    }

    @Test
    void dropoutMasksAreSeededInvertedAndKeepAboutOneMinusP() {
        Tensor a = DropoutMask.fill(42, 0.3f, Tensor.zeros(100_003));
        Tensor b = DropoutMask.fill(42, 0.3f, Tensor.zeros(100_003));
        Tensor c = DropoutMask.fill(43, 0.3f, Tensor.zeros(100_003));
        assertEquals(a, b);
        assertNotEquals(a, c);
        int kept = 0;
        for (float v : a.data()) {
            assertTrue(v == 0f || v == 1f / 0.7f);
            if (v != 0f) kept++;
        }
        // Binomial(100003, 0.7): standard deviation 145; 5 sigma.
        assertEquals(0.7 * 100_003, kept, 725);
        assertEquals(1.0, a.mean().item(), 0.01, "inverted dropout keeps the mean");
        for (float v : DropoutMask.fill(1, 0f, Tensor.zeros(1000)).data()) assertEquals(1f, v);
        assertThrows(IllegalArgumentException.class, () -> DropoutMask.fill(1, 1f, Tensor.zeros(3)));
    }
}
