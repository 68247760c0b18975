package mgdaunet.tensor.spatial;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ConvTranspose2dTest {
    /** Batch, input channels, height, width, output channels, square kernel, stride, padding, output padding. */
    record Case(int n, int ci, int h, int w, int co, int k, int s, int p, int op) {
        @Override
        public String toString() {
            return n + "x" + ci + "x" + h + "x" + w + " -> " + co + ", k" + k + " s" + s + " p" + p + " op" + op;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(1, 1, 3, 5, 1, 2, 2, 0, 0),    // the U-Net's upsampling: k2 s2
                new Case(3, 4, 4, 6, 5, 2, 2, 0, 0),    // k2 s2, several channels
                new Case(2, 3, 3, 20, 4, 2, 2, 0, 0),   // k2 s2 over rows of more than a vector: vector unzip and zip
                new Case(3, 2, 3, 5, 3, 3, 2, 1, 1),    // k3 s2 p1 with output padding: exact doubling
                new Case(1, 3, 5, 4, 2, 3, 2, 1, 0),    // without output padding
                new Case(3, 2, 5, 7, 4, 3, 1, 1, 0),    // stride 1: the shifted path
                new Case(1, 1, 4, 4, 2, 3, 1, 0, 0),    // stride 1, no padding: grows by k - 1
                new Case(1, 3, 3, 3, 2, 1, 1, 0, 0),    // 1x1
                new Case(3, 2, 4, 5, 3, 3, 3, 1, 2),    // stride 3, output padding 2
                new Case(1, 2, 5, 5, 3, 2, 1, 0, 0),    // even kernel, stride 1
                new Case(1, 7, 3, 5, 9, 2, 2, 0, 0),    // k2 s2, batch 1, odd sizes
                new Case(25, 16, 4, 6, 8, 2, 2, 0, 0),  // k2 s2, the benchmark's batch: images split into ranges per thread
                new Case(2, 3, 4, 5, 2, 3, 3, 0, 0));   // kernel == stride 3
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardAndGradientsMatchTheDirectLoops(Case t) {
        RandomGenerator rng = Tensor.rng(3 + t.hashCode());
        ConvGeometry g = ConvGeometry.convTranspose2d(new int[] {t.n, t.ci, t.h, t.w}, new int[] {t.ci, t.co, t.k, t.k}, t.s, t.p, t.op);
        assertEquals(Reference.transposedOutSize(t.h, t.k, t.s, t.p, t.op), g.inHeight());
        float[] x = Reference.random(rng, g.outputSize()), w = Reference.random(rng, g.weightSize()), b = Reference.random(rng, t.co);
        float[] dy = Reference.random(rng, g.inputSize());
        double[] y = Reference.convTranspose2d(x, w, b, t.n, t.ci, t.h, t.w, t.co, t.k, t.k, t.s, t.p, t.op);
        double[] dx = Reference.convTranspose2dBackwardInput(dy, w, t.n, t.ci, t.h, t.w, t.co, t.k, t.k, t.s, t.p, t.op);
        double[] dw = Reference.convTranspose2dBackwardWeight(dy, x, t.n, t.ci, t.h, t.w, t.co, t.k, t.k, t.s, t.p, t.op);
        for (boolean simd : new boolean[] {true, false}) {
            String path = simd ? "simd " : "scalar ";
            float[] gotY = Conv2dTest.filled(g.inputSize()), gotDx = Conv2dTest.filled(g.outputSize()), gotDw = Conv2dTest.filled(g.weightSize());
            ConvTranspose2d.forward(g, x, w, b, gotY, simd);
            Conv2d.forward(g, dy, w, null, gotDx, false, simd);
            Conv2d.backwardWeight(g, x, dy, gotDw, simd);
            Reference.assertClose(y, gotY, 1e-5, path + "forward");
            Reference.assertClose(dx, gotDx, 1e-5, path + "input gradient");
            Reference.assertClose(dw, gotDw, 1e-5, path + "weight gradient");
        }
        // The public Tensor entry points route to the same kernels.
        Tensor xt = Tensor.wrap(x, t.n, t.ci, t.h, t.w), wt = Tensor.wrap(w, t.ci, t.co, t.k, t.k), dyt = Tensor.wrap(dy, g.inputShape());
        Reference.assertClose(y, ConvTranspose2d.forward(xt, wt, Tensor.wrap(b, t.co), t.s, t.p, t.op), 1e-5, "tensor forward");
        Reference.assertClose(dx, ConvTranspose2d.backwardInput(dyt, wt, xt.shape(), t.s, t.p, t.op), 1e-5, "tensor input gradient");
        Reference.assertClose(dw, ConvTranspose2d.backwardWeight(dyt, xt, wt.shape(), t.s, t.p, t.op), 1e-5, "tensor weight gradient");
    }

    @Test
    void handDerivedKernelTwoStrideTwo() {
        // x = [[1, 2]] (1 x 2), w = [[1, 2], [3, 4]], stride 2: each input pixel paints its own 2 x 2
        // block, x * w: pixel 1 gives [[1, 2], [3, 4]], pixel 2 gives [[2, 4], [6, 8]], side by side.
        // Bias 1 adds one everywhere. With dy = ones the input gradient of a pixel is the sum of its
        // block's weights, 1+2+3+4 = 10, and the weight gradient of each tap the sum of x, 1+2 = 3.
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 1, 1, 2);
        Tensor w = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = ConvTranspose2d.forward(x, w, Tensor.of(new float[] {1}, 1), 2, 0, 0);
        assertArrayEquals(new int[] {1, 1, 2, 4}, y.shape());
        assertArrayEquals(new float[] {2, 3, 3, 5, 4, 5, 7, 9}, y.data());
        Tensor dy = Tensor.ones(1, 1, 2, 4);
        assertArrayEquals(new float[] {10, 10}, ConvTranspose2d.backwardInput(dy, w, x.shape(), 2, 0, 0).data());
        assertArrayEquals(new float[] {3, 3, 3, 3}, ConvTranspose2d.backwardWeight(dy, x, w.shape(), 2, 0, 0).data());
        assertArrayEquals(new float[] {8}, ConvTranspose2d.backwardBias(dy).data());
    }

    @Test
    void badArgumentsAreRejected() {
        Tensor x = Tensor.zeros(1, 2, 3, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> ConvTranspose2d.forward(x, Tensor.zeros(3, 2, 2, 2), null, 2, 0, 0));
        assertTrue(e.getMessage().startsWith("conv_transpose2d:") && e.getMessage().contains("[3, 2, 2, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ConvTranspose2d.forward(x, Tensor.zeros(2, 2, 2, 2), null, 2, 0, 2));
        assertTrue(e.getMessage().contains("output padding"), e.getMessage());
    }
}
