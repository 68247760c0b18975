package mgdaunet.app.data;

import java.util.SplittableRandom;
import mgdaunet.tensor.Parallel;

/**
 * Sener and Koltun's MultiMNIST (NeurIPS 2018): each digit gets a random partner; on a 36 x 36 canvas
 * the digit goes to the top left (0, 0) and the partner to (6, 6); where they overlap the brighter
 * pixel wins; the canvas is resized to 28 x 28 by nearest neighbour (pixel centres, as PIL's resize
 * that their code called). Tasks: {@code left} (the top-left digit) and {@code right} (the
 * bottom-right one); the mask (brightest digit per inked pixel) comes along for {@code seg}.
 */
public final class MultiMnistScenes {
    public static final int CANVAS = 36;
    public static final int SIZE = 28;
    /** Offset of the partner digit on the canvas. */
    public static final int OFFSET = 6;

    /** Source canvas coordinate of each output coordinate. */
    private static final int[] NEAREST = new int[SIZE];

    static {
        for (int i = 0; i < SIZE; i++) NEAREST[i] = Math.min(CANVAS - 1, (int) Math.floor((i + 0.5) * CANVAS / SIZE));
    }

    private MultiMnistScenes() {}

    /**
     * {@code count} scenes from {@code digits}: scene k's left digit is digit perm[k mod size] of a
     * seeded permutation (so each digit leads once before any leads twice), its partner a random other digit.
     */
    public static SceneSet generate(DigitSet digits, int count, long seed) {
        if (count < 0) throw new IllegalArgumentException("multimnist: count " + count);
        digits.requireSceneDigits(2);
        int pool = digits.size();
        int[] perm = permutation(pool, new SplittableRandom(Seeds.derive(seed, 0x4D4D5045L)));
        int[] first = new int[count], second = new int[count];
        for (int k = 0; k < count; k++) {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0x4D4D4E49L, k));
            first[k] = perm[k % pool];
            int partner = rng.nextInt(pool - 1);
            second[k] = partner >= first[k] ? partner + 1 : partner;
        }
        int px = SIZE * SIZE;
        float[] images = new float[count * px];
        byte[] masks = new byte[count * px];
        int[] left = new int[count], right = new int[count];
        byte[] pixels = digits.pixels();
        int[] labels = digits.labels();
        Parallel.forRange(count, 64, (from, to) -> {
            int[] grey = new int[CANVAS * CANVAS];
            byte[] cls = new byte[CANVAS * CANVAS];
            for (int k = from; k < to; k++) {
                java.util.Arrays.fill(grey, 0);
                java.util.Arrays.fill(cls, (byte) SceneSet.BACKGROUND);
                stamp(pixels, first[k], labels[first[k]], 0, grey, cls);
                stamp(pixels, second[k], labels[second[k]], OFFSET, grey, cls);
                int base = k * px;
                for (int r = 0; r < SIZE; r++) {
                    for (int c = 0; c < SIZE; c++) {
                        int s = NEAREST[r] * CANVAS + NEAREST[c];
                        images[base + r * SIZE + c] = grey[s] / 255f;
                        masks[base + r * SIZE + c] = cls[s];
                    }
                }
                left[k] = labels[first[k]];
                right[k] = labels[second[k]];
            }
        });
        return new SceneSet("multimnist scenes from " + digits.name() + " (seed " + seed + ")", count, SIZE, SIZE, images, masks, left, right, null);
    }

    private static void stamp(byte[] pixels, int digit, int label, int at, int[] grey, byte[] cls) {
        int src = digit * 28 * 28;
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int g = pixels[src + r * 28 + c] & 0xFF;
                int dst = (at + r) * CANVAS + at + c;
                if (g > grey[dst]) {
                    grey[dst] = g;
                    cls[dst] = (byte) label;
                }
            }
        }
    }

    private static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
