package mgdaunet.tensor.spatial;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.random.RandomGenerator;
import mgdaunet.tensor.Tensor;

/**
 * Naive double-precision references for the spatial kernels: direct loops over every index, written
 * from the definitions (PyTorch's documentation), sharing no code with the kernels.
 */
final class Reference {
    private Reference() {}

    static float[] random(RandomGenerator rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.nextFloat() * 2f - 1f;
        return a;
    }

    static int outSize(int in, int k, int stride, int pad) {
        return (in + 2 * pad - k) / stride + 1;
    }

    /** conv2d: y[n][o][oy][ox] = b[o] + sum x[n][c][oy*s - p + ky][ox*s - p + kx] * w[o][c][ky][kx]. */
    static double[] conv2d(float[] x, float[] w, float[] b, int n, int c, int h, int wd, int o, int kh, int kw, int s, int p) {
        int oh = outSize(h, kh, s, p), ow = outSize(wd, kw, s, p);
        double[] y = new double[n * o * oh * ow];
        for (int i = 0; i < n; i++) for (int oc = 0; oc < o; oc++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
            double acc = b == null ? 0 : b[oc];
            for (int ci = 0; ci < c; ci++) for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int iy = oy * s - p + ky, ix = ox * s - p + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                acc += (double) x[((i * c + ci) * h + iy) * wd + ix] * w[((oc * c + ci) * kh + ky) * kw + kx];
            }
            y[((i * o + oc) * oh + oy) * ow + ox] = acc;
        }
        return y;
    }

    /** The input gradient of conv2d: every product x * w of the forward sends dy * w back to x. */
    static double[] conv2dBackwardInput(float[] dy, float[] w, int n, int c, int h, int wd, int o, int kh, int kw, int s, int p) {
        int oh = outSize(h, kh, s, p), ow = outSize(wd, kw, s, p);
        double[] dx = new double[n * c * h * wd];
        for (int i = 0; i < n; i++) for (int oc = 0; oc < o; oc++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
            double g = dy[((i * o + oc) * oh + oy) * ow + ox];
            for (int ci = 0; ci < c; ci++) for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int iy = oy * s - p + ky, ix = ox * s - p + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                dx[((i * c + ci) * h + iy) * wd + ix] += g * w[((oc * c + ci) * kh + ky) * kw + kx];
            }
        }
        return dx;
    }

    /** The weight gradient of conv2d: every product x * w of the forward sends dy * x to w. */
    static double[] conv2dBackwardWeight(float[] dy, float[] x, int n, int c, int h, int wd, int o, int kh, int kw, int s, int p) {
        int oh = outSize(h, kh, s, p), ow = outSize(wd, kw, s, p);
        double[] dw = new double[o * c * kh * kw];
        for (int i = 0; i < n; i++) for (int oc = 0; oc < o; oc++) for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) {
            double g = dy[((i * o + oc) * oh + oy) * ow + ox];
            for (int ci = 0; ci < c; ci++) for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int iy = oy * s - p + ky, ix = ox * s - p + kx;
                if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
                dw[((oc * c + ci) * kh + ky) * kw + kx] += g * x[((i * c + ci) * h + iy) * wd + ix];
            }
        }
        return dw;
    }

    /** Output size of conv_transpose2d. */
    static int transposedOutSize(int in, int k, int s, int p, int op) {
        return (in - 1) * s - 2 * p + k + op;
    }

    /**
     * conv_transpose2d, by its definition as a scatter: input pixel (iy, ix) of channel ci adds
     * x * w[ci][co][ky][kx] to output pixel (iy*s - p + ky, ix*s - p + kx) of channel co.
     */
    static double[] convTranspose2d(float[] x, float[] w, float[] b, int n, int ci, int h, int wd, int co, int kh, int kw, int s, int p, int op) {
        int oh = transposedOutSize(h, kh, s, p, op), ow = transposedOutSize(wd, kw, s, p, op);
        double[] y = new double[n * co * oh * ow];
        for (int i = 0; i < n; i++) for (int oc = 0; oc < co; oc++) for (int q = 0; q < oh * ow; q++) y[(i * co + oc) * oh * ow + q] = b == null ? 0 : b[oc];
        for (int i = 0; i < n; i++) for (int c = 0; c < ci; c++) for (int iy = 0; iy < h; iy++) for (int ix = 0; ix < wd; ix++) {
            double v = x[((i * ci + c) * h + iy) * wd + ix];
            for (int oc = 0; oc < co; oc++) for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int oy = iy * s - p + ky, ox = ix * s - p + kx;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                y[((i * co + oc) * oh + oy) * ow + ox] += v * w[((c * co + oc) * kh + ky) * kw + kx];
            }
        }
        return y;
    }

    /** Input gradient of conv_transpose2d: the adjoint of the scatter above. */
    static double[] convTranspose2dBackwardInput(float[] dy, float[] w, int n, int ci, int h, int wd, int co, int kh, int kw, int s, int p, int op) {
        int oh = transposedOutSize(h, kh, s, p, op), ow = transposedOutSize(wd, kw, s, p, op);
        double[] dx = new double[n * ci * h * wd];
        for (int i = 0; i < n; i++) for (int c = 0; c < ci; c++) for (int iy = 0; iy < h; iy++) for (int ix = 0; ix < wd; ix++) {
            double acc = 0;
            for (int oc = 0; oc < co; oc++) for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int oy = iy * s - p + ky, ox = ix * s - p + kx;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                acc += (double) dy[((i * co + oc) * oh + oy) * ow + ox] * w[((c * co + oc) * kh + ky) * kw + kx];
            }
            dx[((i * ci + c) * h + iy) * wd + ix] = acc;
        }
        return dx;
    }

    /** Weight gradient of conv_transpose2d. */
    static double[] convTranspose2dBackwardWeight(float[] dy, float[] x, int n, int ci, int h, int wd, int co, int kh, int kw, int s, int p, int op) {
        int oh = transposedOutSize(h, kh, s, p, op), ow = transposedOutSize(wd, kw, s, p, op);
        double[] dw = new double[ci * co * kh * kw];
        for (int i = 0; i < n; i++) for (int c = 0; c < ci; c++) for (int iy = 0; iy < h; iy++) for (int ix = 0; ix < wd; ix++) {
            double v = x[((i * ci + c) * h + iy) * wd + ix];
            for (int oc = 0; oc < co; oc++) for (int ky = 0; ky < kh; ky++) for (int kx = 0; kx < kw; kx++) {
                int oy = iy * s - p + ky, ox = ix * s - p + kx;
                if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
                dw[((c * co + oc) * kh + ky) * kw + kx] += v * dy[((i * co + oc) * oh + oy) * ow + ox];
            }
        }
        return dw;
    }

    /** Asserts |actual - expected| <= tol * (1 + |expected|) everywhere, naming the first index that fails. */
    static void assertClose(double[] expected, float[] actual, double tol, String what) {
        if (actual.length < expected.length) fail(what + ": " + actual.length + " values, expected " + expected.length);
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            if (!(Math.abs(actual[i] - e) <= tol * (1 + Math.abs(e)))) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + e + " (tolerance " + tol + ")");
            }
        }
    }

    static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        assertClose(expected, actual.data(), tol, what);
    }
}
