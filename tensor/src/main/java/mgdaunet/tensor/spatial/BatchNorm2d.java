package mgdaunet.tensor.spatial;

import java.util.Arrays;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Simd;
import mgdaunet.tensor.Tensor;

/**
 * Batch normalization over N x C x H x W (PyTorch's {@code batch_norm} on 4-D input), per channel c
 * over the M = N * H * W values of that channel:
 *
 * <pre>
 *   training:  mean = sum x / M,  var = sum (x - mean)^2 / M  (biased),  invStd = 1 / sqrt(var + eps)
 *              y = (x - mean) * invStd * gamma + beta
 *              runningMean = (1 - momentum) * runningMean + momentum * mean
 *              runningVar  = (1 - momentum) * runningVar  + momentum * var * M / (M - 1)  (unbiased)
 *   eval:      y = (x - runningMean) / sqrt(runningVar + eps) * gamma + beta
 *   backward:  xhat = (x - mean) * invStd,  dbeta = sum dy,  dgamma = sum dy * xhat,
 *              dx = gamma * invStd / M * (M * dy - dbeta - xhat * dgamma)
 * </pre>
 *
 * Statistics accumulate in double: each plane (one image's channel, cache-resident) by two passes
 * (its mean, then squared deviations from it), the planes combined by Chan's parallel formula.
 * Channels run in parallel; a channel's statistics and normalization pass run back to back in one
 * task, so its planes are still in cache for the second pass. gamma and beta may be null (no affine
 * parameters), and the running statistics too (not tracked).
 */
public final class BatchNorm2d {
    private BatchNorm2d() {}

    /** Training forward output and what the backward pass needs: per-channel batch mean and inverse std. */
    public record TrainResult(Tensor output, Tensor mean, Tensor invStd) {}

    /** The three gradients of the backward pass; gamma and beta's are null without affine parameters. */
    public record Gradients(Tensor input, Tensor gamma, Tensor beta) {}

    /** Training mode: normalizes with the batch statistics and updates the running ones in place (if given). */
    public static TrainResult trainForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                           float momentum, float eps) {
        return trainForward(x, gamma, beta, runningMean, runningVar, momentum, eps, false);
    }

    /** {@link #trainForward} followed by {@code max(0, .)} in the same pass when {@code relu}. */
    public static TrainResult trainForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                           float momentum, float eps, boolean relu) {
        int c = channels("batch_norm", x, gamma, beta, runningMean, runningVar);
        Tensor y = Tensor.zeros(x.shape()), mean = Tensor.zeros(c), invStd = Tensor.zeros(c);
        trainForward(x.dim(0), c, x.dim(2) * x.dim(3), x.data(), data(gamma), data(beta), data(runningMean), data(runningVar),
                momentum, eps, y.data(), mean.data(), invStd.data(), relu, Simd.ENABLED);
        return new TrainResult(y, mean, invStd);
    }

    /** Evaluation mode: normalizes with the running statistics. */
    public static Tensor evalForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps) {
        return evalForward(x, gamma, beta, runningMean, runningVar, eps, false);
    }

    /** {@link #evalForward} followed by {@code max(0, .)} in the same pass when {@code relu}. */
    public static Tensor evalForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float eps, boolean relu) {
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException("batch_norm eval: needs the running mean and variance");
        }
        int c = channels("batch_norm eval", x, gamma, beta, runningMean, runningVar);
        Tensor y = Tensor.zeros(x.shape());
        evalForward(x.dim(0), c, x.dim(2) * x.dim(3), x.data(), data(gamma), data(beta), runningMean.data(), runningVar.data(), eps, y.data(),
                relu, Simd.ENABLED);
        return y;
    }

    /** The gradients for the output gradient, given the input and the statistics the training forward returned. */
    public static Gradients backward(Tensor gradOut, Tensor x, Tensor gamma, Tensor mean, Tensor invStd) {
        return backward(gradOut, x, null, gamma, mean, invStd);
    }

    /**
     * The gradients of batch-norm followed by ReLU when {@code reluOutput} (the ReLU's output) is not
     * null: the output gradient counts only where it is positive. The input gradient is a
     * {@link Tensor#scratch} tensor.
     */
    public static Gradients backward(Tensor gradOut, Tensor x, Tensor reluOutput, Tensor gamma, Tensor mean, Tensor invStd) {
        int c = channels("batch_norm backward", x, gamma, null, mean, invStd);
        Conv2d.requireShape("batch_norm backward", "output gradient", gradOut, x.shape());
        if (reluOutput != null) Conv2d.requireShape("batch_norm backward", "ReLU output", reluOutput, x.shape());
        Tensor dx = Tensor.scratch(x.shape());
        Tensor dgamma = gamma == null ? null : Tensor.zeros(c), dbeta = gamma == null ? null : Tensor.zeros(c);
        backward(x.dim(0), c, x.dim(2) * x.dim(3), gradOut.data(), x.data(), data(reluOutput), data(gamma), mean.data(), invStd.data(),
                dx.data(), data(dgamma), data(dbeta), Simd.ENABLED);
        return new Gradients(dx, dgamma, dbeta);
    }

    // ------------------------------------------------------------------ arrays

    /**
     * Training forward over n x c x pixels: writes y, mean and invStd (length c), updates the running
     * statistics in place when they are not null.
     */
    public static void trainForward(int n, int c, int pixels, float[] x, float[] gamma, float[] beta, float[] runningMean,
                                    float[] runningVar, float momentum, float eps, float[] y, float[] mean, float[] invStd) {
        trainForward(n, c, pixels, x, gamma, beta, runningMean, runningVar, momentum, eps, y, mean, invStd, false, Simd.ENABLED);
    }

    public static void evalForward(int n, int c, int pixels, float[] x, float[] gamma, float[] beta, float[] runningMean,
                                   float[] runningVar, float eps, float[] y) {
        evalForward(n, c, pixels, x, gamma, beta, runningMean, runningVar, eps, y, false, Simd.ENABLED);
    }

    /** dx, and dgamma and dbeta when they are not null, for the output gradient dy. */
    public static void backward(int n, int c, int pixels, float[] dy, float[] x, float[] gamma, float[] mean, float[] invStd,
                                float[] dx, float[] dgamma, float[] dbeta) {
        backward(n, c, pixels, dy, x, null, gamma, mean, invStd, dx, dgamma, dbeta, Simd.ENABLED);
    }

    static void trainForward(int n, int c, int pixels, float[] x, float[] gamma, float[] beta, float[] runningMean,
                             float[] runningVar, float momentum, float eps, float[] y, float[] mean, float[] invStd, boolean relu, boolean simd) {
        checkArrays("batch_norm", n, c, pixels, x.length, y.length);
        long m = (long) n * pixels;
        if (m < 2) {
            throw new IllegalArgumentException("batch_norm: training needs more than one value per channel, got " + n + " x " + c
                    + " x " + pixels);
        }
        Parallel.forEach(c, ch -> {
            // Chan et al.: combine (count, mean, M2) of each plane, all in double.
            double count = 0, mu = 0, m2 = 0;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * pixels;
                double pm = PlaneOps.sum(simd, x, off, pixels) / pixels;
                double pm2 = PlaneOps.squaredDeviations(simd, x, off, pixels, (float) pm);
                // The plane's mean was rounded to float for its second pass; shift M2 to the exact mean.
                double shift = pm - (float) pm;
                pm2 -= pixels * shift * shift;
                double total = count + pixels, delta = pm - mu;
                mu += delta * pixels / total;
                m2 += pm2 + delta * delta * count * pixels / total;
                count = total;
            }
            double var = Math.max(0, m2 / count);
            double inv = 1 / Math.sqrt(var + eps);
            mean[ch] = (float) mu;
            invStd[ch] = (float) inv;
            if (runningMean != null) runningMean[ch] = (float) ((1 - momentum) * runningMean[ch] + momentum * mu);
            if (runningVar != null) runningVar[ch] = (float) ((1 - momentum) * runningVar[ch] + momentum * m2 / (count - 1));
            double scale = inv * (gamma == null ? 1 : gamma[ch]);
            double shift = (beta == null ? 0 : beta[ch]) - mu * scale;
            normalize(simd, relu, n, c, pixels, ch, x, y, (float) scale, (float) shift);
        });
    }

    private static void normalize(boolean simd, boolean relu, int n, int c, int pixels, int ch, float[] x, float[] y, float scale, float shift) {
        for (int i = 0; i < n; i++) {
            int off = (i * c + ch) * pixels;
            if (relu) PlaneOps.scaleShiftRelu(simd, x, y, off, pixels, scale, shift);
            else PlaneOps.scaleShift(simd, x, y, off, pixels, scale, shift);
        }
    }

    static void evalForward(int n, int c, int pixels, float[] x, float[] gamma, float[] beta, float[] runningMean,
                            float[] runningVar, float eps, float[] y, boolean relu, boolean simd) {
        checkArrays("batch_norm eval", n, c, pixels, x.length, y.length);
        Parallel.forEach(c, ch -> {
            double scale = (gamma == null ? 1 : gamma[ch]) / Math.sqrt(runningVar[ch] + (double) eps);
            double shift = (beta == null ? 0 : beta[ch]) - runningMean[ch] * scale;
            normalize(simd, relu, n, c, pixels, ch, x, y, (float) scale, (float) shift);
        });
    }

    /** r: the output of a ReLU that followed the batch-norm (dy counts where r > 0), or null. */
    static void backward(int n, int c, int pixels, float[] dy, float[] x, float[] r, float[] gamma, float[] mean, float[] invStd,
                         float[] dx, float[] dgamma, float[] dbeta, boolean simd) {
        checkArrays("batch_norm backward", n, c, pixels, x.length, Math.min(dy.length, dx.length));
        double m = (double) n * pixels;
        Parallel.forEach(c, ch -> {
            float mu = mean[ch];
            double[] sums = new double[2]; // per channel, not per element
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * pixels;
                if (r != null) PlaneOps.reluGradientSums(simd, dy, r, x, off, pixels, mu, sums);
                else PlaneOps.gradientSums(simd, dy, x, off, pixels, mu, sums);
            }
            double sumDy = sums[0], sumDyCentered = sums[1];
            double inv = invStd[ch], gam = gamma == null ? 1 : gamma[ch];
            double dGamma = sumDyCentered * inv;
            if (dgamma != null) dgamma[ch] = (float) dGamma;
            if (dbeta != null) dbeta[ch] = (float) sumDy;
            // dx = a * dy + b * (x - mean) + cc with the channel's constants folded.
            double a = gam * inv, b = -a * inv * dGamma / m, cc = -a * sumDy / m;
            for (int i = 0; i < n; i++) {
                int off = (i * c + ch) * pixels;
                if (r != null) PlaneOps.reluAffineGradient(simd, dy, r, x, dx, off, pixels, (float) a, (float) b, mu, (float) cc);
                else PlaneOps.affineGradient(simd, dy, x, dx, off, pixels, (float) a, (float) b, mu, (float) cc);
            }
        });
    }

    // ------------------------------------------------------------------ checks

    private static int channels(String op, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var) {
        if (x.rank() != 4) throw new IllegalArgumentException(op + ": input must be N x C x H x W, got " + Arrays.toString(x.shape()));
        int c = x.dim(1);
        for (Tensor t : new Tensor[] {gamma, beta, mean, var}) {
            if (t != null && (t.rank() != 1 || t.dim(0) != c)) {
                throw new IllegalArgumentException(op + ": per-channel parameter of shape " + Arrays.toString(t.shape())
                        + " does not match the " + c + " channels of input " + Arrays.toString(x.shape()));
            }
        }
        return c;
    }

    private static void checkArrays(String op, int n, int c, int pixels, int inLength, int outLength) {
        long size = (long) n * c * pixels;
        if (inLength < size || outLength < size) {
            throw new IllegalArgumentException(op + ": arrays of " + inLength + " and " + outLength + " floats do not fit " + n + " x " + c
                    + " x " + pixels);
        }
    }

    private static float[] data(Tensor t) {
        return t == null ? null : t.data();
    }
}
