package mgdaunet.app.render;

import mgdaunet.tensor.Tensor;

/**
 * One cell of a {@link SceneGrid}: a grey image, optionally its true mask and a predicted mask (shown
 * beside it, in the palette's colours), and a caption under it (lines split at '\n').
 *
 * @param image         height * width grey values in [0, 1], row-major
 * @param trueMask      height * width classes 0-10, or null
 * @param predictedMask height * width classes 0-10, or null
 * @param caption       text under the cell, or null
 */
public record GridCell(float[] image, int height, int width, int[] trueMask, int[] predictedMask, String caption) {
    public GridCell {
        if (height <= 0 || width <= 0) throw new IllegalArgumentException("GridCell: image of " + height + " x " + width);
        int n = height * width;
        if (image.length != n) throw new IllegalArgumentException("GridCell: " + image.length + " grey values for an image of " + height + " x " + width);
        if (trueMask != null && trueMask.length != n) throw new IllegalArgumentException("GridCell: true mask of " + trueMask.length + " values for " + height + " x " + width);
        if (predictedMask != null && predictedMask.length != n) throw new IllegalArgumentException("GridCell: predicted mask of " + predictedMask.length + " values for " + height + " x " + width);
    }

    /** A cell with just the image. */
    public static GridCell of(float[] image, int height, int width) {
        return new GridCell(image, height, width, null, null, null);
    }

    /** A cell with image {@code index} of an N x 1 x H x W (or N x H x W) tensor. */
    public static GridCell of(Tensor images, int index) {
        int h = images.dim(-2), w = images.dim(-1);
        int px = h * w;
        if (images.size() % px != 0 || index < 0 || index >= images.size() / px) {
            throw new IllegalArgumentException("GridCell.of: image " + index + " of a tensor of shape " + java.util.Arrays.toString(images.shape()));
        }
        float[] one = new float[px];
        System.arraycopy(images.data(), index * px, one, 0, px);
        return of(one, h, w);
    }

    public GridCell withTrueMask(int[] mask) {
        return new GridCell(image, height, width, mask, predictedMask, caption);
    }

    /** The true mask of image {@code index} of a batch's flattened masks (B * H * W). */
    public GridCell withTrueMask(int[] masks, int index) {
        return withTrueMask(slice(masks, index));
    }

    public GridCell withPredictedMask(int[] mask) {
        return new GridCell(image, height, width, trueMask, mask, caption);
    }

    /** The predicted mask of image {@code index} of a batch's flattened masks (B * H * W). */
    public GridCell withPredictedMask(int[] masks, int index) {
        return withPredictedMask(slice(masks, index));
    }

    public GridCell withCaption(String text) {
        return new GridCell(image, height, width, trueMask, predictedMask, text);
    }

    /** Number of panels: the image plus the masks present. */
    public int panels() {
        return 1 + (trueMask != null ? 1 : 0) + (predictedMask != null ? 1 : 0);
    }

    /** Caption lines (none for a null or empty caption). */
    public String[] captionLines() {
        return caption == null || caption.isEmpty() ? new String[0] : caption.split("\n", -1);
    }

    private int[] slice(int[] masks, int index) {
        int px = height * width;
        if (index < 0 || (long) (index + 1) * px > masks.length) {
            throw new IllegalArgumentException("GridCell: mask " + index + " of " + masks.length / px + " masks of " + height + " x " + width);
        }
        int[] out = new int[px];
        System.arraycopy(masks, index * px, out, 0, px);
        return out;
    }
}
