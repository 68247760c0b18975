package mgdaunet.app.data;

/**
 * Single digit images with their labels, as read from IDX files: {@code pixels} holds {@code size()}
 * images of {@code rows x cols} grey bytes (0 = blank, 255 = full ink), row-major, upright.
 * The arrays are shared, not copied: treat them as read-only.
 *
 * @param name    where the digits came from, for messages ("embedded MNIST train digits")
 * @param pixels  size * rows * cols grey values, unsigned
 * @param labels  one class per image, 0-based
 */
public record DigitSet(String name, byte[] pixels, int[] labels, int rows, int cols) {
    public DigitSet {
        if (rows <= 0 || cols <= 0) throw new IllegalArgumentException("DigitSet " + name + ": image size " + rows + " x " + cols);
        if ((long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException("DigitSet " + name + ": " + pixels.length + " pixels for " + labels.length + " images of " + rows + " x " + cols);
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** The grey value (0-255) of image {@code i} at (row, col). */
    public int pixel(int i, int row, int col) {
        return pixels[(i * rows + row) * cols + col] & 0xFF;
    }

    /** One more than the largest label. */
    public int classes() {
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        return max + 1;
    }

    /**
     * Checks that these digits can make scenes of the 11-class mask: 28 x 28 images, labels 0-9, at
     * least {@code minimum} images.
     */
    public void requireSceneDigits(int minimum) {
        if (rows != 28 || cols != 28) {
            throw new mgdaunet.app.UserInputException(name + ": scenes are built from 28 x 28 digits, these are " + rows + " x " + cols);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 9) {
                throw new mgdaunet.app.UserInputException(name + ": image " + i + " has label " + labels[i] + "; scenes need the ten classes 0-9 (EMNIST letters or balanced splits do not fit)");
            }
        }
        if (labels.length < minimum) {
            throw new mgdaunet.app.UserInputException(name + ": " + labels.length + " images, scenes need at least " + minimum);
        }
    }
}
