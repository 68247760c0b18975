package mgdaunet.app.data;

import java.util.SplittableRandom;
import mgdaunet.tensor.Parallel;

/**
 * Generates scenes with the statistics of the seed's M2NIST data set: a 64 x 84 canvas with two
 * digits (95% of images) or three (5%); digit i at x in [28i, 28i + 9] and y in [0, 36]; the image is
 * the maximum over the digits; each inked pixel is labelled with the class of its brightest digit
 * (the earlier digit on ties), every other pixel {@link SceneSet#BACKGROUND}.
 *
 * <p>The third digit's 28-pixel box would reach past the canvas at x > 56; its x is drawn only up
 * to where its last inked column still fits, so no ink is ever cut off.
 *
 * <p>Generation is split into a random {@link Plan} and a deterministic drawing, each scene from its
 * own random stream: the same seed gives the same scenes whatever the number of threads.
 */
public final class M2nistScenes {
    public static final int HEIGHT = 64;
    public static final int WIDTH = 84;
    public static final int DIGIT = 28;
    /** Digit i's x is drawn from [28i, 28i + X_JITTER]. */
    public static final int X_JITTER = 9;
    /** Every digit's y is drawn from [0, MAX_Y]. */
    public static final int MAX_Y = HEIGHT - DIGIT;
    /** Share of images with three digits (the others have two). */
    public static final double THREE_DIGIT_SHARE = 0.05;

    private static final float[] GREY = new float[256];

    static {
        for (int g = 0; g < 256; g++) GREY[g] = g / 255f;
    }

    private M2nistScenes() {}

    /** Where each digit of one scene goes: digit i is image {@code digit[i]} of the pool, at ({@code x[i]}, {@code y[i]}), left to right. */
    public record Plan(int[] digit, int[] x, int[] y) {
        public int digits() {
            return digit.length;
        }
    }

    /** {@code count} scenes from {@code digits}, deterministic for {@code seed}. */
    public static SceneSet generate(DigitSet digits, int count, long seed) {
        return draw("m2nist scenes from " + digits.name() + " (seed " + seed + ")", digits, plan(digits, count, seed));
    }

    /** The random part: how many digits, which, and where. */
    public static Plan[] plan(DigitSet digits, int count, long seed) {
        if (count < 0) throw new IllegalArgumentException("m2nist: count " + count);
        digits.requireSceneDigits(1);
        int[] inkRight = lastInkedColumns(digits);
        Plan[] plans = new Plan[count];
        for (int k = 0; k < count; k++) {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0x4D324E4953L, k));
            int n = rng.nextDouble() < THREE_DIGIT_SHARE ? 3 : 2;
            int[] d = new int[n], x = new int[n], y = new int[n];
            for (int i = 0; i < n; i++) {
                d[i] = rng.nextInt(digits.size());
                int lo = DIGIT * i;
                int hi = Math.min(lo + X_JITTER, WIDTH - 1 - Math.max(inkRight[d[i]], 0));
                x[i] = lo + rng.nextInt(hi - lo + 1);
                y[i] = rng.nextInt(MAX_Y + 1);
            }
            plans[k] = new Plan(d, x, y);
        }
        return plans;
    }

    /** The deterministic part: draws planned scenes (in parallel, one scene per task). */
    public static SceneSet draw(String name, DigitSet digits, Plan[] plans) {
        int n = plans.length, px = HEIGHT * WIDTH;
        float[] images = new float[n * px];
        byte[] masks = new byte[n * px];
        int[] left = new int[n], right = new int[n], count = new int[n];
        java.util.Arrays.fill(masks, (byte) SceneSet.BACKGROUND);
        byte[] pixels = digits.pixels();
        Parallel.forRange(n, 64, (from, to) -> {
            for (int k = from; k < to; k++) {
                Plan p = plans[k];
                int base = k * px;
                for (int i = 0; i < p.digits(); i++) {
                    int src = p.digit[i] * DIGIT * DIGIT;
                    byte label = (byte) digits.labels()[p.digit[i]];
                    int cols = Math.min(DIGIT, WIDTH - p.x[i]);
                    for (int r = 0; r < DIGIT; r++) {
                        int row = src + r * DIGIT;
                        int dst = base + (p.y[i] + r) * WIDTH + p.x[i];
                        for (int c = 0; c < cols; c++) {
                            int g = pixels[row + c] & 0xFF;
                            if (g == 0) continue;
                            float v = GREY[g];
                            if (v > images[dst + c]) {
                                images[dst + c] = v;
                                masks[dst + c] = label;
                            }
                        }
                    }
                }
                left[k] = digits.labels()[p.digit[0]];
                right[k] = digits.labels()[p.digit[p.digits() - 1]];
                count[k] = p.digits();
            }
        });
        return new SceneSet(name, n, HEIGHT, WIDTH, images, masks, left, right, count);
    }

    /** Per digit image, the last column holding ink (-1 for a blank image). */
    static int[] lastInkedColumns(DigitSet digits) {
        int[] out = new int[digits.size()];
        byte[] px = digits.pixels();
        int rows = digits.rows(), cols = digits.cols();
        for (int i = 0; i < out.length; i++) {
            int last = -1;
            int base = i * rows * cols;
            for (int r = 0; r < rows; r++) {
                for (int c = cols - 1; c > last; c--) {
                    if (px[base + r * cols + c] != 0) {
                        last = c;
                        break;
                    }
                }
            }
            out[i] = last;
        }
        return out;
    }
}
