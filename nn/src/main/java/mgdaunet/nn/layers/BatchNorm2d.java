package mgdaunet.nn.layers;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.tensor.Tensor;

/**
 * Batch normalization over N x C x H x W, PyTorch's {@code nn.BatchNorm2d}: {@code weight} (gamma,
 * ones) and {@code bias} (beta, zeros) when affine; buffers {@code running_mean} (zeros),
 * {@code running_var} (ones) and {@code num_batches_tracked} (0, an integer) when tracking running
 * statistics, under PyTorch's names so that state dicts map one to one.
 *
 * <p>Training normalizes with the batch's statistics, counts the batch and moves the running
 * statistics by {@code momentum} (default 0.1; {@code null} for PyTorch's cumulative average,
 * factor 1 / num_batches_tracked), the variance unbiased. Evaluation normalizes with the running
 * statistics; without them it uses the batch's in both modes.
 */
public final class BatchNorm2d extends Module {
    public static final float DEFAULT_EPS = 1e-5f;
    public static final float DEFAULT_MOMENTUM = 0.1f;

    private final int channels;
    private final float eps;
    private final Float momentum;
    private final Variable weight, bias;
    private final Tensor runningMean, runningVar, numBatchesTracked;

    /**
     * @param momentum the running statistics' update factor, or null for a cumulative average
     * @param affine   learn a per-channel scale and shift
     * @param trackRunningStats keep running statistics for evaluation
     */
    public BatchNorm2d(int channels, float eps, Float momentum, boolean affine, boolean trackRunningStats) {
        if (channels < 1 || !(eps >= 0f) || (momentum != null && !(momentum >= 0f && momentum <= 1f))) {
            throw new IllegalArgumentException("BatchNorm2d: channels " + channels + " must be >= 1, eps " + eps + " >= 0, momentum "
                    + momentum + " in [0, 1] or null");
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(channels)) : null;
        if (trackRunningStats) {
            runningMean = registerBuffer("running_mean", Tensor.zeros(channels));
            runningVar = registerBuffer("running_var", Tensor.ones(channels));
            numBatchesTracked = registerIntegerBuffer("num_batches_tracked", Tensor.scalar(0f));
        } else {
            runningMean = runningVar = numBatchesTracked = null;
        }
    }

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int channels) {
        this(channels, DEFAULT_EPS, DEFAULT_MOMENTUM, true, true);
    }

    @Override
    protected Variable compute(Variable x) {
        return normalize(x, false);
    }

    /** {@code relu(forward(x))} as one op (what {@link Sequential} runs for batch-norm followed by ReLU). */
    public Variable forwardWithRelu(Variable x) {
        return normalize(x, true);
    }

    private Variable normalize(Variable x, boolean relu) {
        if (x.rank() != 4 || x.dim(1) != channels) {
            throw new IllegalArgumentException("BatchNorm2d(" + channels + "): input must be N x " + channels + " x H x W, got "
                    + java.util.Arrays.toString(x.shape()));
        }
        boolean tracking = runningMean != null;
        boolean batchStats = isTraining() || !tracking;
        float factor = 0f;
        if (isTraining() && tracking) {
            float[] count = numBatchesTracked.data();
            count[0] += 1;
            factor = momentum == null ? 1f / count[0] : momentum;
        }
        // Statistics move only in training with tracking; evaluation without tracking uses the batch's.
        Tensor mean = isTraining() || tracking ? runningMean : null, var = isTraining() || tracking ? runningVar : null;
        return relu ? F.batchNorm2dRelu(x, mean, var, weight, bias, batchStats, factor, eps)
                : F.batchNorm2d(x, mean, var, weight, bias, batchStats, factor, eps);
    }

    /**
     * True when this layer is an affine map fixed by its state (evaluation mode with running
     * statistics), so that it can be folded into the convolution before it ({@link #fold}).
     */
    public boolean foldable() {
        return !isTraining() && runningMean != null;
    }

    /**
     * The weights and bias of a convolution that computes {@code this(conv(x, w, b))} in evaluation
     * mode: {@code w * s} per output channel and {@code (b - mean) s + beta}, with
     * {@code s = gamma / sqrt(runningVar + eps)} in double as the evaluation kernel computes it.
     * {@code w} is O x ... with O = this layer's channels; {@code b} may be null (no conv bias).
     */
    public Tensor[] fold(Tensor w, Tensor b) {
        if (!foldable()) throw new IllegalStateException(this + ": only an evaluation-mode layer with running statistics folds");
        if (w.dim(0) != channels || (b != null && !b.hasShape(channels))) {
            throw new IllegalArgumentException(this + ": cannot fold into weights " + java.util.Arrays.toString(w.shape()));
        }
        float[] gamma = weight == null ? null : weight.value().data(), beta = bias == null ? null : bias.value().data();
        float[] mean = runningMean.data(), var = runningVar.data(), wd = w.data();
        Tensor fw = Tensor.zerosLike(w), fb = Tensor.zeros(channels);
        float[] fwd = fw.data(), fbd = fb.data();
        int per = wd.length / channels;
        for (int c = 0; c < channels; c++) {
            double scale = (gamma == null ? 1 : gamma[c]) / Math.sqrt(var[c] + (double) eps);
            for (int i = c * per; i < (c + 1) * per; i++) fwd[i] = (float) (wd[i] * scale);
            fbd[c] = (float) (((b == null ? 0 : b.data()[c]) - (double) mean[c]) * scale + (beta == null ? 0 : beta[c]));
        }
        return new Tensor[] {fw, fb};
    }

    public Variable weight() {
        return weight;
    }

    public Variable bias() {
        return bias;
    }

    /** The running mean buffer, or null when not tracking. */
    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    /** Training batches seen so far (0 when not tracking). */
    public long batchesTracked() {
        return numBatchesTracked == null ? 0 : (long) numBatchesTracked.item();
    }

    @Override
    public String toString() {
        return "BatchNorm2d(" + channels + ", eps " + eps + ", momentum " + momentum + (weight == null ? ", no affine" : "")
                + (runningMean == null ? ", no running statistics" : "") + ")";
    }
}
