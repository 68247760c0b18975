package mgdaunet.app.data;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Scene sets stored as the Kaggle M2NIST files, the seed's data set: {@code combined.npy} (N x H x W
 * grey, 0-255 or 0-1, any numeric dtype) and {@code segmented.npy} (N x H x W x 11 one-hot, channel
 * 10 background; an N x H x W array of class indices is accepted too). The sample files
 * {@code combined_sample.npy} / {@code segmented_sample.npy} are accepted under those names.
 * Optional {@code left.npy}, {@code right.npy}, {@code count.npy} (one integer per image, as
 * {@code data generate} writes them) give those targets; without them they are derived from the
 * mask ({@link MaskTargets}).
 */
public final class M2nistFiles {
    public static final String IMAGES = "combined.npy";
    public static final String MASKS = "segmented.npy";
    public static final String SAMPLE_IMAGES = "combined_sample.npy";
    public static final String SAMPLE_MASKS = "segmented_sample.npy";
    public static final String LEFT = "left.npy";
    public static final String RIGHT = "right.npy";
    public static final String COUNT = "count.npy";

    /** Pixels decoded per streaming step. */
    private static final int PIXELS_PER_STEP = 1 << 14;

    private M2nistFiles() {}

    /** The element types {@link #write} uses. */
    public enum Dtypes {
        /** uint8 grey 0-255 and uint8 one-hot: a quarter of the sample's size. */
        COMPACT,
        /** float32 grey 0-255 and int32 one-hot, exactly as the seed's sample files. */
        SAMPLE
    }

    /** True if {@code dir} holds a combined / segmented pair under either naming. */
    public static boolean isSceneFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(IMAGES)) || Files.isRegularFile(dir.resolve(SAMPLE_IMAGES));
    }

    /** The images file of {@code dir}: combined.npy, else combined_sample.npy. */
    public static Path imagesFile(Path dir) {
        return Files.isRegularFile(dir.resolve(IMAGES)) || !Files.isRegularFile(dir.resolve(SAMPLE_IMAGES)) ? dir.resolve(IMAGES) : dir.resolve(SAMPLE_IMAGES);
    }

    /** The mask file paired with {@link #imagesFile}. */
    public static Path masksFile(Path dir) {
        return imagesFile(dir).getFileName().toString().equals(IMAGES) ? dir.resolve(MASKS) : dir.resolve(SAMPLE_MASKS);
    }

    /** Reads and checks the scenes of {@code dir}. */
    public static SceneSet read(Path dir) {
        if (!Files.isDirectory(dir)) throw new DataFileException(dir.toString(), Files.exists(dir) ? "not a folder" : "no such folder");
        Path imagesPath = imagesFile(dir), masksPath = masksFile(dir);
        if (!Files.exists(imagesPath)) throw new DataFileException(imagesPath.toString(), "no such file (a scene folder holds " + IMAGES + " and " + MASKS + ")");
        if (!Files.exists(masksPath)) throw new DataFileException(masksPath.toString(), "no such file; it must come with " + imagesPath.getFileName());

        int n, h, w;
        float[] images;
        try (NpyReader r = NpyReader.open(imagesPath)) {
            int[] s = r.header().shape();
            if (!(s.length == 3 || s.length == 4 && s[3] == 1)) {
                throw new DataFileException(imagesPath.toString(), "expected grey images of shape (N, H, W), found " + r.header().describe());
            }
            n = s[0];
            h = s[1];
            w = s[2];
            if (h == 0 || w == 0) throw new DataFileException(imagesPath.toString(), "images of " + h + " x " + w + " pixels");
            images = readGrey(r, imagesPath);
        }
        byte[] masks;
        try (NpyReader r = NpyReader.open(masksPath)) {
            masks = readMasks(r, masksPath, n, h, w, imagesPath);
        }
        String name = "m2nist files in " + dir;
        int[] left = readLabels(dir.resolve(LEFT), n, 0, 9);
        int[] right = readLabels(dir.resolve(RIGHT), n, 0, 9);
        int[] count = readLabels(dir.resolve(COUNT), n, 0, 255);
        if (left == null || right == null || count == null) {
            MaskTargets.Derived d = MaskTargets.derive(masks, n, h, w, masksPath.toString());
            if (left == null) left = d.left();
            if (right == null) right = d.right();
            if (count == null) count = d.count();
        }
        return new SceneSet(name, n, h, w, images, masks, left, right, count);
    }

    /** Grey values, checked to be finite and within [0, 255], scaled to [0, 1] (divided by 255 unless already within [0, 1]). */
    private static float[] readGrey(NpyReader r, Path file) {
        long total = r.header().numel();
        if (total > Integer.MAX_VALUE - 16) throw new DataFileException(file.toString(), r.header().describe() + " is too large to load");
        float[] out = new float[(int) total];
        double[] buf = new double[PIXELS_PER_STEP];
        double max = 0;
        for (int at = 0; at < out.length; at += buf.length) {
            int k = Math.min(buf.length, out.length - at);
            r.read(buf, 0, k);
            for (int i = 0; i < k; i++) {
                double v = buf[i];
                if (!(v >= 0 && v <= 255)) {
                    throw new DataFileException(file.toString(), "grey value " + v + " at element " + (at + i) + " is outside [0, 255]");
                }
                max = Math.max(max, v);
                out[at + i] = (float) v;
            }
        }
        if (max > 1) {
            // grey 0..255 (the Kaggle files): scale once, here
            for (int i = 0; i < out.length; i++) out[i] /= 255f;
        }
        return out;
    }

    private static byte[] readMasks(NpyReader r, Path file, int n, int h, int w, Path imagesPath) {
        int[] s = r.header().shape();
        boolean oneHot = s.length == 4;
        if (!(oneHot || s.length == 3) || s[0] != n || s[1] != h || s[2] != w) {
            throw new DataFileException(file.toString(), "shape " + NdArray.shapeString(s) + " does not match the images of " + imagesPath.getFileName()
                    + " " + NdArray.shapeString(new int[] {n, h, w}) + "; expected (" + n + ", " + h + ", " + w + ", 11) one-hot");
        }
        if (oneHot && s[3] != SceneSet.CLASSES) {
            throw new DataFileException(file.toString(), "expected " + SceneSet.CLASSES + " one-hot channels (digits 0-9, background 10), found " + s[3]);
        }
        int pixels = n * h * w;
        byte[] out = new byte[pixels];
        int channels = oneHot ? SceneSet.CLASSES : 1;
        double[] buf = new double[PIXELS_PER_STEP * channels];
        for (int at = 0; at < pixels; at += PIXELS_PER_STEP) {
            int k = Math.min(PIXELS_PER_STEP, pixels - at);
            r.read(buf, 0, k * channels);
            for (int i = 0; i < k; i++) {
                int cls = oneHot ? hotChannel(buf, i * channels, file, at + i, h, w) : classIndex(buf[i], file, at + i, h, w);
                out[at + i] = (byte) cls;
            }
        }
        return out;
    }

    private static int hotChannel(double[] v, int off, Path file, int pixel, int h, int w) {
        int hot = -1;
        for (int c = 0; c < SceneSet.CLASSES; c++) {
            double x = v[off + c];
            if (x == 1) {
                if (hot >= 0) throw notOneHot(v, off, file, pixel, h, w);
                hot = c;
            } else if (x != 0) {
                throw notOneHot(v, off, file, pixel, h, w);
            }
        }
        if (hot < 0) throw notOneHot(v, off, file, pixel, h, w);
        return hot;
    }

    private static DataFileException notOneHot(double[] v, int off, Path file, int pixel, int h, int w) {
        double[] ch = Arrays.copyOfRange(v, off, off + SceneSet.CLASSES);
        return new DataFileException(file.toString(), "not one-hot at " + where(pixel, h, w) + ": channels " + Arrays.toString(ch) + " (expected a single 1, zeros elsewhere)");
    }

    private static int classIndex(double v, Path file, int pixel, int h, int w) {
        if (v != Math.rint(v) || v < 0 || v > SceneSet.BACKGROUND) {
            throw new DataFileException(file.toString(), "class " + v + " at " + where(pixel, h, w) + " is not one of 0-10");
        }
        return (int) v;
    }

    private static String where(int pixel, int h, int w) {
        return "image " + pixel / (h * w) + ", row " + pixel % (h * w) / w + ", column " + pixel % w;
    }

    /** One integer label per image from {@code file} within [lo, hi], or null if the file does not exist. */
    private static int[] readLabels(Path file, int n, int lo, int hi) {
        if (!Files.exists(file)) return null;
        NdArray a = NpyReader.read(file);
        if (a.rank() != 1 || a.dim(0) != n) {
            throw new DataFileException(file.toString(), "expected " + n + " labels, shape (" + n + ",), found " + NdArray.shapeString(a.shape()));
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double v = a.getDouble(i);
            if (v != Math.rint(v) || v < lo || v > hi) throw new DataFileException(file.toString(), "label " + v + " of image " + i + " is not an integer in [" + lo + ", " + hi + "]");
            out[i] = (int) v;
        }
        return out;
    }

    /**
     * Writes {@code set} into {@code dir} (created if needed): combined.npy (grey 0-255), segmented.npy
     * (one-hot, 11 channels), and left.npy / right.npy / count.npy for the tasks the set offers.
     */
    public static void write(SceneSet set, Path dir, Dtypes dtypes) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw DataFileException.of(dir, "cannot create the folder", e);
        }
        int n = set.size(), h = set.height(), w = set.width();
        float[] images = set.images();
        boolean integral = true;
        for (float v : images) {
            float g = v * 255f;
            if (Math.abs(g - Math.round(g)) > 1e-3f) {
                integral = false;
                break;
            }
        }
        DType greyType = dtypes == Dtypes.COMPACT && integral ? DType.UINT8 : DType.FLOAT32;
        try (NpyWriter out = NpyWriter.create(dir.resolve(IMAGES), greyType, ByteOrder.LITTLE_ENDIAN, n, h, w)) {
            for (float v : images) out.write(greyType == DType.UINT8 ? Math.round(v * 255f) : v * 255f);
        }
        DType maskType = dtypes == Dtypes.COMPACT ? DType.UINT8 : DType.INT32;
        try (NpyWriter out = NpyWriter.create(dir.resolve(MASKS), maskType, ByteOrder.LITTLE_ENDIAN, n, h, w, SceneSet.CLASSES)) {
            int[] hot = new int[SceneSet.CLASSES];
            for (byte c : set.masks()) {
                hot[c] = 1;
                out.writeInts(hot, 0, hot.length);
                hot[c] = 0;
            }
        }
        for (Task t : new Task[] {Task.LEFT, Task.RIGHT, Task.COUNT}) {
            Path file = dir.resolve(t.id() + ".npy");
            if (set.offers(t)) {
                NpyWriter.write(file, NdArray.ofInts(set.labels(t), n));
            } else {
                try {
                    Files.deleteIfExists(file); // a stale label file from an earlier set would be read back as this set's
                } catch (java.io.IOException e) {
                    throw DataFileException.of(file, "cannot remove the stale file", e);
                }
            }
        }
    }
}
