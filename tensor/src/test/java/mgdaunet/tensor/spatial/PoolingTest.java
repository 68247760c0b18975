package mgdaunet.tensor.spatial;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PoolingTest {
    // ------------------------------------------------------------------ max pool

    @ParameterizedTest(name = "{0}x{1}x{2}x{3} k{4} s{5} p{6}")
    @CsvSource({
            "1, 1, 5, 7, 2, 2, 0",   // odd sizes: the last row and column belong to no window
            "3, 2, 8, 6, 2, 2, 0",   // the U-Net's 2x2 pool
            "2, 3, 7, 9, 3, 2, 1",   // overlapping windows with padding
            "1, 2, 6, 5, 3, 3, 0",   // disjoint 3x3
            "3, 1, 4, 4, 1, 1, 0",   // identity
            "1, 1, 5, 5, 3, 1, 1"})  // stride 1, every pixel in up to nine windows
    void maxPoolMatchesTheDirectLoops(int n, int c, int h, int w, int k, int s, int p) {
        RandomGenerator rng = Tensor.rng(n * 100 + h * 10 + k);
        PoolGeometry g = PoolGeometry.of("test", new int[] {n, c, h, w}, k, s, p);
        float[] x = Reference.random(rng, g.inputSize());
        // Coarse values make ties common.
        for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i] * 2) / 2f;
        float[] dy = Reference.random(rng, g.outputSize());
        float[] y = Conv2dTest.filled(g.outputSize());
        int[] argmax = new int[g.outputSize()];
        MaxPool2d.forward(g, x, y, argmax);
        double[] dx = new double[g.inputSize()];
        int oh = g.outHeight(), ow = g.outWidth();
        for (int pl = 0; pl < n * c; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    // First maximum in row-major window order, padding excluded.
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) {
                        int iy = oy * s - p + ky, ix = ox * s - p + kx;
                        if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                        float v = x[pl * h * w + iy * w + ix];
                        if (at < 0 || v > best) {
                            best = v;
                            at = iy * w + ix;
                        }
                    }
                    int o = pl * oh * ow + oy * ow + ox;
                    assertEquals(best, y[o], "output " + o);
                    assertEquals(at, argmax[o], "argmax " + o);
                    dx[pl * h * w + at] += dy[o];
                }
            }
        }
        float[] got = Conv2dTest.filled(g.inputSize());
        MaxPool2d.backward(g, dy, argmax, got);
        Reference.assertClose(dx, got, 1e-6, "max_pool2d backward");
    }

    @Test
    void maxPoolWithoutArgmaxGivesTheSameMaxima() {
        // Rows of 3 to 48 outputs: shorter than a vector (masked, one or two source vectors), a vector and a tail, whole vectors.
        RandomGenerator rng = Tensor.rng(78);
        for (int w : new int[] {6, 12, 24, 25, 39, 96}) {
            PoolGeometry g = PoolGeometry.of("test", new int[] {2, 3, 5, w}, 2, 2, 0);
            float[] x = Reference.random(rng, g.inputSize());
            for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i] * 3) / 3f; // ties
            x[x.length / 3] = Float.NaN;
            float[] expected = Conv2dTest.filled(g.outputSize());
            MaxPool2d.forward(g, x, expected, new int[g.outputSize()], false);
            for (boolean simd : new boolean[] {true, false}) {
                float[] y = Conv2dTest.filled(g.outputSize());
                MaxPool2d.forward(g, x, y, null, simd);
                assertArrayEquals(expected, y, "width " + w + ", simd " + simd);
            }
        }
    }

    @Test
    void upsamplingOfNarrowRowsMatchesTheScalarTwin() {
        // Rows shorter than a vector, or a vector and a rest, go through masks (the U-Net's 6- to 24-wide levels).
        RandomGenerator rng = Tensor.rng(79);
        for (int w : new int[] {1, 3, 6, 12, 24, 25}) {
            float[] x = Reference.random(rng, 2 * 3 * 4 * w);
            float[][] y = {Conv2dTest.filled(x.length * 4), Conv2dTest.filled(x.length * 4)};
            UpsampleNearest2d.forward(6, 4, w, 2, x, y[0], true);
            UpsampleNearest2d.forward(6, 4, w, 2, x, y[1], false);
            assertArrayEquals(y[1], y[0], "width " + w);
            assertEquals(x[x.length - 1], y[0][y[0].length - 1]);
        }
    }

    @Test
    void simdKernelsAndScalarTwinsAgree() {
        // Width 39: 19 outputs per row, one vector of 16 (or two of 8) and a scalar tail; odd height.
        RandomGenerator rng = Tensor.rng(77);
        int n = 3, c = 2, h = 7, w = 39;
        PoolGeometry g = PoolGeometry.of("test", new int[] {n, c, h, w}, 2, 2, 0);
        float[] x = Reference.random(rng, g.inputSize());
        for (int i = 0; i < x.length; i++) x[i] = Math.round(x[i] * 3) / 3f; // ties
        x[5] = Float.NaN;
        x[200] = Float.NaN;
        float[] dy = Reference.random(rng, g.outputSize());
        float[][] y = new float[2][g.outputSize()], dx = new float[2][g.inputSize()];
        int[][] arg = new int[2][g.outputSize()];
        float[] up = Reference.random(rng, n * c * h * w), upGrad = Reference.random(rng, up.length * 4);
        float[][] upY = new float[2][up.length * 4], upDx = new float[2][up.length];
        for (int k = 0; k < 2; k++) {
            boolean simd = k == 0;
            MaxPool2d.forward(g, x, y[k], arg[k], simd);
            java.util.Arrays.fill(dx[k], Float.NaN);
            MaxPool2d.backward(g, dy, arg[k], dx[k], simd);
            UpsampleNearest2d.forward(n * c, h, w, 2, up, upY[k], simd);
            UpsampleNearest2d.backward(n * c, h, w, 2, upGrad, upDx[k], simd);
        }
        assertArrayEquals(y[1], y[0], "max-pool output");
        // Without an argmax: the same maxima, bit for bit, on either path.
        for (boolean simd : new boolean[] {true, false}) {
            float[] values = Conv2dTest.filled(g.outputSize());
            MaxPool2d.forward(g, x, values, null, simd);
            assertArrayEquals(y[0], values, "max-pool output without argmax, simd " + simd);
        }
        assertArrayEquals(arg[1], arg[0], "max-pool argmax");
        assertArrayEquals(dx[1], dx[0], "max-pool input gradient");
        assertArrayEquals(upY[1], upY[0], "upsampling");
        assertArrayEquals(upDx[1], upDx[0], "upsampling gradient");
        // The uncovered last row and column receive zero gradient.
        for (int p = 0; p < n * c; p++) {
            for (int iy = 0; iy < h; iy++) assertEquals(0f, dx[0][p * h * w + iy * w + w - 1]);
            for (int ix = 0; ix < w; ix++) assertEquals(0f, dx[0][p * h * w + (h - 1) * w + ix]);
        }
    }

    @Test
    void maxPoolTiesGoToTheFirstMaximum() {
        // Window 1 = [[5, 5], [5, 5]]: every pixel ties, the first (index 0) wins.
        // Window 2 = [[1, 7], [7, 2]]: 7 at (0, 3) comes before 7 at (1, 2), so index 3.
        // The backward pass sends each gradient to that pixel only.
        Tensor x = Tensor.of(new float[] {5, 5, 1, 7, 5, 5, 7, 2}, 1, 1, 2, 4);
        MaxPool2d.Result r = MaxPool2d.forward(x, 2, 2, 0);
        assertArrayEquals(new float[] {5, 7}, r.output().data());
        assertArrayEquals(new int[] {0, 3}, r.argmax());
        Tensor dx = MaxPool2d.backward(Tensor.of(new float[] {10, 20}, 1, 1, 1, 2), r.argmax(), x.shape(), 2, 2, 0);
        assertArrayEquals(new float[] {10, 0, 0, 20, 0, 0, 0, 0}, dx.data());
    }

    @Test
    void maxPoolNaNWinsAndAllNegativeInfinityKeepsTheFirstPixel() {
        // Window 1 = [[1, NaN], [3, 2]]: the NaN is taken and nothing compares greater than it.
        // Window 2 is all -inf: no pixel beats the initial -inf, the first pixel (0, 2) stays.
        float inf = Float.NEGATIVE_INFINITY;
        Tensor x = Tensor.of(new float[] {1, Float.NaN, inf, inf, 3, 2, inf, inf}, 1, 1, 2, 4);
        MaxPool2d.Result r = MaxPool2d.forward(x, 2, 2, 0);
        assertTrue(Float.isNaN(r.output().data()[0]));
        assertEquals(1, r.argmax()[0]);
        assertEquals(Float.NEGATIVE_INFINITY, r.output().data()[1]);
        assertEquals(2, r.argmax()[1]);
    }

    @Test
    void maxPoolRejectsBadArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> MaxPool2d.forward(Tensor.zeros(1, 1, 4, 4), 2, 2, 2));
        assertTrue(e.getMessage().startsWith("max_pool2d:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MaxPool2d.forward(Tensor.zeros(4, 4), 2, 2, 0));
        assertTrue(e.getMessage().contains("rank 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MaxPool2d.backward(Tensor.zeros(1, 1, 1, 1), new int[] {9}, new int[] {1, 1, 3, 3}, 3, 3, 0));
        assertTrue(e.getMessage().contains("argmax 9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MaxPool2d.backward(Tensor.zeros(1, 1, 1, 1), new int[] {2}, new int[] {1, 1, 2, 3}, 2, 2, 0)); // (0, 2): no pixel of window (0..1, 0..1)
        assertTrue(e.getMessage().contains("outside its 2x2 window"), e.getMessage());
    }

    // ------------------------------------------------------------------ average pools

    @ParameterizedTest(name = "{0}x{1}x{2}x{3} k{4} s{5} p{6}")
    @CsvSource({"1, 1, 5, 7, 2, 2, 0", "3, 2, 8, 6, 4, 4, 0", "2, 3, 7, 9, 3, 2, 1", "1, 2, 6, 5, 3, 1, 0"})
    void avgPoolMatchesTheDirectLoops(int n, int c, int h, int w, int k, int s, int p) {
        RandomGenerator rng = Tensor.rng(h * 7 + k);
        PoolGeometry g = PoolGeometry.of("test", new int[] {n, c, h, w}, k, s, p);
        float[] x = Reference.random(rng, g.inputSize()), dy = Reference.random(rng, g.outputSize());
        double[] y = new double[g.outputSize()], dx = new double[g.inputSize()];
        int oh = g.outHeight(), ow = g.outWidth();
        for (int pl = 0; pl < n * c; pl++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
            int o = pl * oh * ow + oy * ow + ox;
            for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) {
                int iy = oy * s - p + ky, ix = ox * s - p + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue; // padding counts in the divisor, adds zero
                y[o] += x[pl * h * w + iy * w + ix] / (double) (k * k);
                dx[pl * h * w + iy * w + ix] += dy[o] / (double) (k * k);
            }
        }
        float[] gotY = Conv2dTest.filled(g.outputSize()), gotDx = Conv2dTest.filled(g.inputSize());
        AvgPool2d.forward(g, x, gotY);
        AvgPool2d.backward(g, dy, gotDx);
        Reference.assertClose(y, gotY, 1e-6, "avg_pool2d");
        Reference.assertClose(dx, gotDx, 1e-6, "avg_pool2d backward");
    }

    @Test
    void globalAveragePoolBothPaths() {
        RandomGenerator rng = Tensor.rng(9);
        for (int pixels : new int[] {1, 7, 16, 37, 6144}) {
            int planes = 3;
            float[] x = Reference.random(rng, planes * pixels);
            for (boolean simd : new boolean[] {true, false}) {
                float[] y = new float[planes];
                AvgPool2d.globalForward(planes, pixels, x, y, simd);
                for (int p = 0; p < planes; p++) {
                    double s = 0;
                    for (int i = 0; i < pixels; i++) s += x[p * pixels + i];
                    assertEquals(s / pixels, y[p], 1e-6, "plane " + p + " of " + pixels + (simd ? " simd" : " scalar"));
                }
            }
        }
        // Hand case: mean of [1, 2, 3, 6] is 3; the gradient 8 spreads as 8 / 4 = 2 to each pixel.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 6}, 1, 1, 2, 2);
        assertArrayEquals(new float[] {3}, AvgPool2d.globalForward(x).data());
        assertArrayEquals(new float[] {2, 2, 2, 2}, AvgPool2d.globalBackward(Tensor.of(new float[] {8}, 1, 1, 1, 1), x.shape()).data());
    }

    // ------------------------------------------------------------------ upsampling

    @ParameterizedTest(name = "factor {0}")
    @CsvSource({"1", "2", "3"})
    void nearestUpsamplingCopiesAndSumsBlocks(int f) {
        RandomGenerator rng = Tensor.rng(f);
        int n = 2, c = 3, h = 5, w = 7;
        Tensor x = Tensor.wrap(Reference.random(rng, n * c * h * w), n, c, h, w);
        Tensor y = UpsampleNearest2d.forward(x, f);
        assertArrayEquals(new int[] {n, c, h * f, w * f}, y.shape());
        Tensor dy = Tensor.wrap(Reference.random(rng, y.size()), y.shape());
        Tensor dx = UpsampleNearest2d.backward(dy, x.shape(), f);
        for (int i = 0; i < n; i++) for (int ch = 0; ch < c; ch++) {
            for (int oy = 0; oy < h * f; oy++) for (int ox = 0; ox < w * f; ox++) {
                assertEquals(x.get(i, ch, oy / f, ox / f), y.get(i, ch, oy, ox));
            }
            for (int iy = 0; iy < h; iy++) for (int ix = 0; ix < w; ix++) {
                double s = 0;
                for (int a = 0; a < f; a++) for (int b = 0; b < f; b++) s += dy.get(i, ch, iy * f + a, ix * f + b);
                assertEquals(s, dx.get(i, ch, iy, ix), 1e-6);
            }
        }
    }

    @Test
    void upsamplingHandCase() {
        // [[1, 2]] doubled: every pixel becomes a 2 x 2 block; the gradient of ones sums to 4 per pixel.
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 1, 1, 2);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2}, UpsampleNearest2d.forward(x, 2).data());
        assertArrayEquals(new float[] {4, 4}, UpsampleNearest2d.backward(Tensor.ones(1, 1, 2, 4), x.shape(), 2).data());
        var e = assertThrows(IllegalArgumentException.class, () -> UpsampleNearest2d.forward(x, 0));
        assertTrue(e.getMessage().startsWith("upsample_nearest2d:"), e.getMessage());
    }
}
