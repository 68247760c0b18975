package mgdaunet.app.render;

import java.awt.image.BufferedImage;

/** Pixel painting on an RGB image: rectangles, grey images and class masks, each scaled up by whole pixels. */
public final class Canvas {
    private Canvas() {}

    /** Fills a w x h rectangle at (x, y), clipped to the image. */
    public static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
        int x0 = Math.max(0, x), y0 = Math.max(0, y);
        int x1 = Math.min(img.getWidth(), x + w), y1 = Math.min(img.getHeight(), y + h);
        for (int yy = y0; yy < y1; yy++) {
            for (int xx = x0; xx < x1; xx++) img.setRGB(xx, yy, rgb);
        }
    }

    /** Paints a grey image ({@code h x w} values in [0, 1] from {@code values[off]}) at (x, y), each pixel {@code scale} wide. */
    public static void paintGrey(BufferedImage img, float[] values, int off, int h, int w, int x, int y, int scale) {
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) fill(img, x + c * scale, y + r * scale, scale, scale, Palette.grey(values[off + r * w + c]));
        }
    }

    /** Paints a class mask ({@code h x w} classes from {@code mask[off]}) in the palette's colours. */
    public static void paintMask(BufferedImage img, int[] mask, int off, int h, int w, int x, int y, int scale) {
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) fill(img, x + c * scale, y + r * scale, scale, scale, Palette.rgb(mask[off + r * w + c]));
        }
    }
}
