package mgdaunet.app.metrics;

import mgdaunet.tensor.Simd;

/**
 * The predicted class of each row of logits (N x C) or of each pixel of a score map (N x C x H x W,
 * NCHW), as {@code int} class indices. Sequential by design: it is memory-bound and runs between the
 * network's (parallel) kernels. Pixels go through the Vector API kernel {@link ArgmaxSimd} unless
 * {@code -Dmgdaunet.simd=false} selects the scalar twin.
 *
 * <p>Ties go to the lowest class index and a NaN counts as the maximum (the first NaN wins), as in
 * NumPy's and PyTorch's {@code argmax}.
 */
public final class Argmax {
    private Argmax() {}

    /** The class of each of the {@code n} rows of the row-major N x C array {@code logits}. */
    public static int[] rows(float[] logits, int n, int classes) {
        int[] out = new int[n];
        rows(logits, n, classes, out);
        return out;
    }

    /** As {@link #rows(float[], int, int)}, into {@code out} (length at least n). */
    public static void rows(float[] logits, int n, int classes, int[] out) {
        checkShape("argmax over rows", logits, n, classes, 1, out);
        for (int i = 0; i < n; i++) {
            int base = i * classes;
            float best = logits[base];
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                float v = logits[base + c];
                if (v > best || (v != v && best == best)) {
                    best = v;
                    arg = c;
                }
            }
            out[i] = arg;
        }
    }

    /**
     * The class of each pixel of the NCHW array {@code logits} (N x C x H x W), as an N x H x W
     * row-major array: the layout of segmentation targets.
     */
    public static int[] pixels(float[] logits, int n, int classes, int height, int width) {
        int[] out = new int[Math.multiplyExact(n, Math.multiplyExact(height, width))];
        pixels(logits, n, classes, height, width, out);
        return out;
    }

    /** As {@link #pixels(float[], int, int, int, int)}, into {@code out} (length at least N*H*W). */
    public static void pixels(float[] logits, int n, int classes, int height, int width, int[] out) {
        if (height < 0 || width < 0) {
            throw new IllegalArgumentException("argmax over pixels: negative size " + height + " x " + width);
        }
        int plane = Math.multiplyExact(height, width);
        checkShape("argmax over pixels", logits, n, classes, plane, out);
        for (int i = 0; i < n; i++) {
            if (Simd.ENABLED) ArgmaxSimd.plane(logits, i * classes * plane, classes, plane, out, i * plane);
            else planeScalar(logits, i * classes * plane, classes, plane, out, i * plane, 0);
        }
    }

    /**
     * The scalar twin: the argmax of the pixels {@code from..plane-1} of one image whose class
     * planes start at {@code image}; the running maximum stays in a register across the classes.
     */
    static void planeScalar(float[] logits, int image, int classes, int plane, int[] out, int outBase, int from) {
        for (int p = from; p < plane; p++) {
            float best = logits[image + p];
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                float v = logits[image + c * plane + p];
                if (v > best || (v != v && best == best)) {
                    best = v;
                    arg = c;
                }
            }
            out[outBase + p] = arg;
        }
    }

    private static void checkShape(String op, float[] logits, int n, int classes, int plane, int[] out) {
        if (n < 0 || classes < 1) {
            throw new IllegalArgumentException(op + ": need n >= 0 and at least one class, got n=" + n + ", classes=" + classes);
        }
        long expected = (long) n * classes * plane;
        if (logits.length != expected) {
            throw new IllegalArgumentException(op + ": logits have " + logits.length + " values, expected n*classes"
                    + (plane == 1 ? "" : "*H*W") + " = " + expected + " (n=" + n + ", classes=" + classes
                    + (plane == 1 ? "" : ", H*W=" + plane) + ")");
        }
        if (out.length < (long) n * plane) {
            throw new IllegalArgumentException(op + ": output has " + out.length + " slots, needs " + ((long) n * plane));
        }
    }
}
