package mgdaunet.tensor.spatial;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Conv2dTest {
    /** One convolution: batch, channels in, height, width, channels out, square kernel, stride, padding. */
    record Case(int n, int c, int h, int w, int o, int k, int s, int p) {
        @Override
        public String toString() {
            return n + "x" + c + "x" + h + "x" + w + " -> " + o + ", k" + k + " s" + s + " p" + p;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(1, 1, 5, 7, 1, 3, 1, 1),     // smallest 3x3 "same"
                new Case(3, 1, 7, 5, 4, 3, 1, 0),     // valid convolution, one input channel
                new Case(3, 2, 9, 11, 5, 3, 2, 1),    // stride 2: im2col path
                new Case(1, 3, 6, 5, 3, 1, 1, 0),     // 1x1, pixels not a whole number of vectors
                new Case(3, 4, 5, 9, 7, 1, 2, 0),     // 1x1 stride 2
                new Case(1, 2, 7, 7, 3, 5, 1, 2),     // 5x5 "same"
                new Case(3, 3, 8, 9, 6, 3, 2, 0),     // stride 2 without padding
                new Case(1, 5, 17, 32, 6, 3, 1, 1),   // rows of whole vectors, several bands
                new Case(2, 3, 4, 16, 13, 3, 1, 1),   // one-vector rows, output channels not a multiple of the tile
                new Case(1, 4, 8, 8, 3, 1, 1, 0),     // 1x1 straight from the input
                new Case(3, 32, 9, 13, 33, 3, 1, 1),  // Winograd, odd sizes, tiles side by side
                new Case(2, 33, 6, 32, 40, 3, 1, 1),  // Winograd, tile rows of whole vectors
                new Case(1, 32, 4, 4, 32, 3, 1, 1),   // Winograd, one image of 2 x 2 tiles
                new Case(3, 16, 9, 13, 16, 3, 1, 1),  // direct, slab of odd-sized images
                new Case(2, 1, 33, 48, 16, 3, 1, 1),  // first U-Net layer, shrunk
                new Case(1, 2, 6, 6, 2, 3, 1, 2),     // padding k - 1: still the shifted path
                new Case(1, 2, 6, 6, 2, 3, 1, 3),     // padding past the kernel: im2col path
                new Case(1, 2, 5, 6, 3, 2, 1, 0),     // even kernel
                new Case(3, 7, 3, 3, 9, 3, 1, 1),     // tiny image, many small tasks
                new Case(7, 64, 5, 59, 5, 3, 1, 1),   // wide images: several slabs of images side by side
                new Case(2, 3, 8, 30, 4, 1, 1, 0),    // 1x1 over rows that are no whole number of vectors
                new Case(3, 64, 40, 40, 2, 3, 1, 5),  // padding past the kernel, columns too big to group images
                new Case(2, 5, 6, 7, 64, 3, 1, 1),    // weight gradient with 4 vectors of output channels per tile
                new Case(4, 3, 20, 30, 40, 3, 1, 1),  // ... and its float sums moved to double every few images
                new Case(2, 1, 10, 12, 32, 3, 1, 1),  // channel-lane 2 x 12 tile with fewer reduction rows than the tile
                new Case(2, 3, 7, 9, 80, 3, 1, 1),    // five vectors of output channels: tiles of 3 and of 2
                new Case(3, 4, 8, 12, 64, 3, 1, 1),   // two bands per image, images split between tasks
                new Case(2, 4, 30, 32, 8, 3, 1, 1),   // row-mode weight gradient on the padded grid, run in two pieces
                new Case(1, 4, 9, 96, 5, 3, 1, 1),    // ... with rows of six vectors and a partial row block
                new Case(3, 5, 7, 9, 6, 2, 2, 0),     // kernel == stride, odd sizes: last row and column unused
                new Case(1, 3, 6, 8, 5, 2, 2, 0),     // ... batch 1, exact tiling
                new Case(2, 16, 8, 8, 11, 1, 1, 0));  // 1x1 head: weight gradient's last row block overlapping the one before
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheDirectLoops(Case t) {
        RandomGenerator rng = Tensor.rng(11 + t.hashCode());
        ConvGeometry g = ConvGeometry.conv2d(new int[] {t.n, t.c, t.h, t.w}, new int[] {t.o, t.c, t.k, t.k}, t.s, t.p);
        float[] x = Reference.random(rng, g.inputSize()), w = Reference.random(rng, g.weightSize()), b = Reference.random(rng, t.o);
        float[] dy = Reference.random(rng, g.outputSize());
        double[] y = Reference.conv2d(x, w, b, t.n, t.c, t.h, t.w, t.o, t.k, t.k, t.s, t.p);
        double[] dx = Reference.conv2dBackwardInput(dy, w, t.n, t.c, t.h, t.w, t.o, t.k, t.k, t.s, t.p);
        double[] dw = Reference.conv2dBackwardWeight(dy, x, t.n, t.c, t.h, t.w, t.o, t.k, t.k, t.s, t.p);
        float[][] results = new float[2][];
        for (boolean simd : new boolean[] {true, false}) {
            String path = simd ? "simd " : "scalar ";
            float[] gotY = filled(g.outputSize()), gotDx = filled(g.inputSize()), gotDw = filled(g.weightSize());
            Conv2d.forward(g, x, w, b, gotY, false, simd);
            Conv2d.backwardInput(g, dy, w, null, gotDx, simd);
            Conv2d.backwardWeight(g, dy, x, gotDw, simd);
            Reference.assertClose(y, gotY, 1e-5, path + "forward");
            // The ReLU epilogue: max(0, .) of the same outputs, bit for bit, whichever kernel wrote them.
            float[] gotRelu = filled(g.outputSize());
            Conv2d.forward(g, x, w, b, gotRelu, true, simd);
            float[] clamped = gotY.clone();
            for (int i = 0; i < clamped.length; i++) clamped[i] = Math.max(0f, clamped[i]);
            assertArrayEquals(clamped, gotRelu, path + "forward with ReLU");
            Reference.assertClose(dx, gotDx, 1e-5, path + "input gradient");
            // Each weight-gradient element sums N * outH * outW products in float lanes (as PyTorch
            // does): allow the error of such a sum, which grows with the number of terms.
            int terms = t.n * g.outHeight() * g.outWidth();
            Reference.assertClose(dw, gotDw, 1e-5 * Math.max(1, terms / 1000.0), path + "weight gradient");
            results[simd ? 0 : 1] = concat(gotY, gotDx);
        }
        // Both paths run the same fused multiply-adds in the same order per output: bit for bit equal.
        assertArrayEquals(results[1], results[0], "forward and input gradient, SIMD vs scalar twin");
    }

    @Test
    void biasGradientSumsOverImagesAndPixels() {
        RandomGenerator rng = Tensor.rng(5);
        int n = 3, c = 4, pixels = 37;
        float[] dy = Reference.random(rng, n * c * pixels);
        for (boolean simd : new boolean[] {true, false}) {
            float[] db = new float[c];
            Conv2d.backwardBias(n, c, pixels, dy, db, simd);
            for (int ci = 0; ci < c; ci++) {
                double s = 0;
                for (int i = 0; i < n; i++) for (int q = 0; q < pixels; q++) s += dy[(i * c + ci) * pixels + q];
                assertEquals(s, db[ci], 1e-5, "channel " + ci);
            }
        }
    }

    @Test
    void handDerivedTwoByTwoKernel() {
        // x = [[1,2,3],[4,5,6],[7,8,9]], w = [[1,0],[0,-1]], stride 1, no padding:
        //   y[i][j] = x[i][j] - x[i+1][j+1] = -4 everywhere (2 x 2 output).
        // With dy = ones, dx[a][b] = sum of w over the windows covering (a, b):
        //   corners pick one tap: dx[0][0] = w00 = 1, dx[0][2] = w01 = 0, dx[2][0] = w10 = 0, dx[2][2] = w11 = -1;
        //   edges two: dx[0][1] = w01 + w00 = 1, dx[1][0] = w10 + w00 = 1, dx[1][2] = w11 + w01 = -1, dx[2][1] = w11 + w10 = -1;
        //   the centre all four: dx[1][1] = 1 + 0 + 0 - 1 = 0.
        // dw[ky][kx] = sum of the 2 x 2 block of x starting at (ky, kx): 1+2+4+5 = 12, 16, 24, 28.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new float[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor y = Conv2d.forward(x, w, null, 1, 0);
        assertArrayEquals(new float[] {-4, -4, -4, -4}, y.data());
        Tensor dy = Tensor.ones(1, 1, 2, 2);
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, -1, 0, -1, -1}, Conv2d.backwardInput(dy, w, x.shape(), 1, 0).data());
        assertArrayEquals(new float[] {12, 16, 24, 28}, Conv2d.backwardWeight(dy, x, w.shape(), 1, 0).data());
        assertArrayEquals(new float[] {4}, Conv2d.backwardBias(dy).data());
    }

    @Test
    void handDerivedPaddedStrideTwo() {
        // x = [[1,2],[3,4]] padded by 1 to a 4 x 4 grid, 3 x 3 kernel of ones, stride 2: one output
        // pixel, its window the padded rows/columns 0..2, covering all of x: 1+2+3+4 = 10, plus bias 0.5.
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor w = Tensor.ones(1, 1, 3, 3);
        Tensor y = Conv2d.forward(x, w, Tensor.of(new float[] {0.5f}, 1), 2, 1);
        assertArrayEquals(new int[] {1, 1, 1, 1}, y.shape());
        assertEquals(10.5f, y.item());
    }

    @Test
    void batchOfZeroImages() {
        ConvGeometry g = ConvGeometry.conv2d(new int[] {0, 2, 5, 5}, new int[] {3, 2, 3, 3}, 1, 1);
        float[] dw = filled(g.weightSize());
        Conv2d.backwardWeight(g, new float[0], new float[0], dw);
        for (float v : dw) assertEquals(0f, v);
        Conv2d.forward(g, new float[0], new float[g.weightSize()], null, new float[0]);
    }

    @Test
    void badShapesNameTheOperationAndShapes() {
        Tensor x = Tensor.zeros(1, 3, 5, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(x, Tensor.zeros(4, 2, 3, 3), null, 1, 1));
        assertTrue(e.getMessage().startsWith("conv2d:") && e.getMessage().contains("[1, 3, 5, 5]") && e.getMessage().contains("[4, 2, 3, 3]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(x, Tensor.zeros(4, 3, 7, 7), null, 1, 0));
        assertTrue(e.getMessage().contains("smaller than kernel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2d.forward(x, Tensor.zeros(4, 3, 3, 3), Tensor.zeros(3), 1, 1));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Conv2d.backwardInput(Tensor.zeros(1, 4, 4, 4), Tensor.zeros(4, 3, 3, 3), x.shape(), 1, 1));
        assertTrue(e.getMessage().contains("[1, 4, 4, 4]") && e.getMessage().contains("[1, 4, 5, 5]"), e.getMessage());
    }

    /** NaN-filled, so that a kernel that skips an output element fails the comparison. */
    static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }

    static float[] concat(float[] a, float[] b) {
        float[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
