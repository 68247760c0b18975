package mgdaunet.tensor.spatial;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Winograd F(2x2, 3x3) on its own, below the channel counts at which Conv2d chooses it. */
class WinogradTest {
    @ParameterizedTest(name = "{0}x{1}x{2}x{3} -> {4}")
    @CsvSource({
            "1, 1, 2, 2, 1",     // one tile
            "3, 1, 5, 7, 2",     // odd sizes: the last tiles hang over
            "2, 3, 8, 16, 5",    // tile rows of whole vectors (scalar lanes), images side by side
            "3, 2, 4, 32, 3",    // row mode for 16 lanes too
            "1, 5, 9, 3, 4",
            "4, 2, 3, 6, 1"})
    void forwardAndInputGradientMatchTheDirectLoops(int n, int c, int h, int w, int o) {
        RandomGenerator rng = Tensor.rng(n * 1000 + c * 100 + h * 10 + w);
        float[] x = Reference.random(rng, n * c * h * w), wt = Reference.random(rng, o * c * 9), b = Reference.random(rng, o);
        float[] dy = Reference.random(rng, n * o * h * w);
        double[] y = Reference.conv2d(x, wt, b, n, c, h, w, o, 3, 3, 1, 1);
        double[] dx = Reference.conv2dBackwardInput(dy, wt, n, c, h, w, o, 3, 3, 1, 1);
        float[][] got = new float[2][];
        for (boolean simd : new boolean[] {true, false}) {
            Winograd3x3 fwd = new Winograd3x3(simd, n, c, h, w, o);
            float[] gotY = Conv2dTest.filled(y.length);
            fwd.forward(x, fwd.packFilters(wt, b, false), gotY, false);
            Reference.assertClose(y, gotY, 1e-5, (simd ? "simd" : "scalar") + " forward, row mode " + fwd.rowMode);
            Winograd3x3 bwd = new Winograd3x3(simd, n, o, h, w, c);
            float[] gotDx = Conv2dTest.filled(dx.length);
            bwd.forward(dy, bwd.packFilters(wt, null, true), gotDx, false);
            Reference.assertClose(dx, gotDx, 1e-5, (simd ? "simd" : "scalar") + " input gradient");
            got[simd ? 0 : 1] = Conv2dTest.concat(gotY, gotDx);
        }
        assertArrayEquals(got[1], got[0], "SIMD vs scalar twin");
    }

    @Test
    void filterTransformOfAHandKernel() {
        // g = [[1, 2, 3], [4, 5, 6], [7, 8, 9]]. Rows of G g: g0 = [1 2 3], (g0+g1+g2)/2 = [6 7.5 9],
        // (g0-g1+g2)/2 = [2 2.5 3], g2 = [7 8 9]. Applying G along each row [a b c] gives
        // [a, (a+b+c)/2, (a-b+c)/2, c]: the first row [1 2 3] -> [1, 3, 1, 3].
        float[] g = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] u = new float[16];
        WinogradTransforms.filter(g, 0, false, u, 0, 1);
        assertArrayEquals(new float[] {1, 3, 1, 3, 6, 11.25f, 3.75f, 9, 2, 3.75f, 1.25f, 3, 7, 12, 4, 9}, u);
        // Mirrored, the kernel reads [[9 8 7] [6 5 4] [3 2 1]]: U's first element is g[2][2] = 9.
        WinogradTransforms.filter(g, 0, true, u, 0, 1);
        assertEquals(9, u[0]);
    }
}
