package mgdaunet.app.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ArgmaxTest {
    @Test
    void rowsPickTheLargestLogitFirstOnTies() {
        float[] logits = {
            0.1f, 2.0f, -1f,
            5f, 5f, 1f,     // tie: lowest index
            -3f, -2f, -1f,
        };
        assertArrayEquals(new int[] {1, 0, 2}, Argmax.rows(logits, 3, 3));
    }

    @Test
    void nanCountsAsTheMaximumLikeNumpy() {
        float nan = Float.NaN;
        assertArrayEquals(new int[] {1, 0, 1}, Argmax.rows(new float[] {1f, nan, 9f, nan, 2f, 3f, 0f, nan, nan}, 3, 3));
        float[] pixels = {0f, 1f, nan, 2f, 5f, nan}; // 1 image, 3 classes, 1 x 2 pixels
        assertArrayEquals(new int[] {1, 2}, Argmax.pixels(pixels, 1, 3, 1, 2));
    }

    @Test
    void sizeZeroAndOne() {
        assertArrayEquals(new int[0], Argmax.rows(new float[0], 0, 5));
        assertArrayEquals(new int[] {0}, Argmax.rows(new float[] {-7f}, 1, 1));
        assertArrayEquals(new int[0], Argmax.pixels(new float[0], 0, 11, 64, 84));
        assertArrayEquals(new int[] {0, 0}, Argmax.pixels(new float[] {1f, 2f}, 1, 1, 2, 1));
    }

    @Test
    void pixelsMatchAPerPixelReferenceOnOddSizes() {
        SplittableRandom rng = new SplittableRandom(7);
        int[][] shapes = {{1, 2, 1, 1}, {2, 3, 1, 5}, {3, 11, 7, 13}, {2, 11, 64, 84}, {1, 4, 17, 1}};
        for (int[] s : shapes) {
            int n = s[0], c = s[1], h = s[2], w = s[3];
            float[] logits = new float[n * c * h * w];
            // Few distinct values, so ties are common and the tie rule is exercised.
            for (int i = 0; i < logits.length; i++) logits[i] = rng.nextInt(5) - 2;
            int[] expected = new int[n * h * w];
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < h * w; p++) {
                    int best = 0;
                    for (int k = 1; k < c; k++) {
                        if (logits[(i * c + k) * h * w + p] > logits[(i * c + best) * h * w + p]) best = k;
                    }
                    expected[i * h * w + p] = best;
                }
            }
            assertArrayEquals(expected, Argmax.pixels(logits, n, c, h, w), "shape " + java.util.Arrays.toString(s));
            int[] out = new int[n * h * w + 3];
            java.util.Arrays.fill(out, 99);
            Argmax.pixels(logits, n, c, h, w, out);
            assertArrayEquals(expected, java.util.Arrays.copyOf(out, n * h * w));
            assertArrayEquals(new int[] {99, 99, 99}, java.util.Arrays.copyOfRange(out, n * h * w, out.length), "writes only its slots");
        }
    }

    @Test
    void simdKernelMatchesTheScalarTwinOnOddSizesAndTails() {
        SplittableRandom rng = new SplittableRandom(11);
        // Planes below, at and around the vector length (8 or 16 lanes), and M2NIST's 64 x 84.
        for (int plane : new int[] {1, 7, 8, 9, 15, 16, 17, 31, 33, 100, 64 * 84}) {
            for (int classes : new int[] {1, 2, 11}) {
                float[] logits = new float[2 * classes * plane];
                for (int i = 0; i < logits.length; i++) {
                    int r = rng.nextInt(20);
                    logits[i] = r == 0 ? Float.NaN : r < 4 ? 1f : (float) rng.nextGaussian(); // NaNs and ties
                }
                int[] scalar = new int[2 * plane];
                int[] simd = new int[2 * plane];
                for (int img = 0; img < 2; img++) {
                    Argmax.planeScalar(logits, img * classes * plane, classes, plane, scalar, img * plane, 0);
                    ArgmaxSimd.plane(logits, img * classes * plane, classes, plane, simd, img * plane);
                }
                assertArrayEquals(scalar, simd, "plane " + plane + ", classes " + classes);
            }
        }
    }

    @Test
    void rejectsLogitsOfTheWrongSize() {
        var e = assertThrows(IllegalArgumentException.class, () -> Argmax.pixels(new float[10], 1, 11, 1, 1));
        assertTrue(e.getMessage().contains("10 values") && e.getMessage().contains("11"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Argmax.rows(new float[6], 2, 3, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> Argmax.rows(new float[0], 0, 0));
    }
}
