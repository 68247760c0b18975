package mgdaunet.app.predict;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import mgdaunet.app.UserInputException;
import mgdaunet.app.data.DataFileException;
import mgdaunet.app.data.NdArray;
import mgdaunet.app.data.NpyReader;

/**
 * Images to predict on, read from PNG files (grey, or colour turned to luma; transparent pixels
 * count as black) or from {@code .npy} batches (N x H x W or N x 1 x H x W, or one H x W image;
 * grey 0-255, or 0-1 when no value exceeds 1, as the M2NIST files hold). Every image becomes grey
 * in [0, 1], white ink on black as the training scenes.
 */
public final class InputImages {
    /** One image: where it came from ("scene.png", "batch.npy[3]"), the name its outputs get, and its grey values. */
    public record Image(String source, String stem, int height, int width, float[] grey) {}

    private InputImages() {}

    /** Reads every input; a file that is not an image of ours is a one-line error naming it. */
    public static List<Image> read(List<Path> inputs) {
        List<Image> out = new ArrayList<>();
        for (Path p : inputs) {
            if (!Files.isRegularFile(p)) throw new DataFileException(p.toString(), Files.exists(p) ? "not a file" : "no such file");
            String name = p.getFileName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".npy")) out.addAll(npy(p, stem(name)));
            else if (lower.endsWith(".png")) out.add(png(p, stem(name)));
            else throw new DataFileException(p.toString(), "not a .png image or a .npy batch");
        }
        return out;
    }

    private static Image png(Path file, String stem) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DataFileException(file.toString(), "not a readable PNG image: " + e.getMessage(), e);
        }
        if (img == null) throw new DataFileException(file.toString(), "not a PNG image (no image reader recognises it)");
        int h = img.getHeight(), w = img.getWidth();
        float[] grey = new float[h * w];
        Raster r = img.getRaster();
        boolean alpha = img.getColorModel().hasAlpha();
        if (r.getNumBands() <= 2 && !img.getColorModel().getColorSpace().isCS_sRGB()) {
            // grey PNG (8 or 16 bits), with or without alpha
            // divided in float as the data sets scale their grey levels, so that a scene saved as PNG predicts as it trained
            float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = r.getSample(x, y, 0) / max;
                    if (alpha) v *= r.getSample(x, y, 1) / max;
                    grey[y * w + x] = v;
                }
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int argb = img.getRGB(x, y);
                    int red = (argb >> 16) & 0xFF, green = (argb >> 8) & 0xFF, blue = argb & 0xFF;
                    float luma = red == green && green == blue ? red / 255f
                            : (float) Math.min(1, (0.299 * red + 0.587 * green + 0.114 * blue) / 255.0);
                    grey[y * w + x] = alpha ? luma * (((argb >>> 24) & 0xFF) / 255f) : luma;
                }
            }
        }
        return new Image(file.toString(), stem, h, w, grey);
    }

    private static List<Image> npy(Path file, String stem) {
        NdArray a = NpyReader.read(file);
        int[] s = a.shape();
        int n, h, w;
        switch (s.length) {
            case 2 -> { n = 1; h = s[0]; w = s[1]; }
            case 3 -> { n = s[0]; h = s[1]; w = s[2]; }
            case 4 -> {
                if (s[1] != 1) throw new DataFileException(file.toString(), "shape " + NdArray.shapeString(s) + ": a 4-d batch must be N x 1 x H x W (one grey channel)");
                n = s[0]; h = s[2]; w = s[3];
            }
            default -> throw new DataFileException(file.toString(), "shape " + NdArray.shapeString(s) + ": expected H x W, N x H x W or N x 1 x H x W grey images");
        }
        if (n == 0 || h == 0 || w == 0) throw new DataFileException(file.toString(), "shape " + NdArray.shapeString(s) + " holds no image");
        float[] v = a.toFloats();
        float max = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i]) || v[i] < 0 || v[i] > 255) {
                throw new DataFileException(file.toString(), "value " + v[i] + " at index " + i + " is not a grey level in [0, 255] (or [0, 1])");
            }
            max = Math.max(max, v[i]);
        }
        float divisor = max > 1 ? 255f : 1f; // as M2nistFiles scales grey levels
        List<Image> out = new ArrayList<>();
        int px = h * w;
        for (int i = 0; i < n; i++) {
            float[] g = new float[px];
            for (int k = 0; k < px; k++) g[k] = v[i * px + k] / divisor;
            out.add(new Image(file + "[" + i + "]", n == 1 && s.length == 2 ? stem : String.format(Locale.ROOT, "%s-%0" + Integer.toString(n - 1).length() + "d", stem, i), h, w, g));
        }
        return out;
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Refuses images of another size than the network's, naming the first. */
    public static void requireSize(List<Image> images, int height, int width) {
        for (Image i : images) {
            if (i.height() != height || i.width() != width) {
                throw new UserInputException(i.source() + ": an image of " + i.height() + " x " + i.width() + "; the network takes " + height + " x " + width);
            }
        }
    }

}
