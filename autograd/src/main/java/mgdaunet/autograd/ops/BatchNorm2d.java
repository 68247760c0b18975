package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Tensor;

/**
 * Batch normalization of N x C x H x W per channel, optionally followed by a ReLU in the same op.
 *
 * <pre>
 * training:   y = (x - mean) invStd gamma + beta, mean and invStd = 1 / sqrt(var + eps) of the batch
 *             (biased var over the M = N H W values of a channel); the running statistics given are
 *             updated in place: running = (1 - momentum) running + momentum stat, var unbiased (x M / (M - 1))
 *   x:        gamma invStd / M (M grad - sum grad - xhat sum(grad xhat)),  xhat = (x - mean) invStd
 * evaluation: y = (x - runningMean) s + beta,  s = gamma / sqrt(runningVar + eps)
 *   x:        grad s
 * both:       gamma: sum(grad xhat),  beta: sum(grad)  (sums over N, H, W)
 * with ReLU:  grad is first masked by y > 0 (y the op's output, after the ReLU)
 * </pre>
 *
 * The ReLU is applied in place to the freshly made output, so batch-norm + ReLU allocates and
 * keeps one activation instead of two. gamma and beta may each be null (no affine parameter).
 */
public final class BatchNorm2d extends Op {
    private final boolean training, relu;
    private final int gammaIndex, betaIndex;  // input positions, -1 if absent
    private Tensor x, y, gamma, mean, invStd;  // mean, invStd: the batch's (training) or the running ones (evaluation)

    private BatchNorm2d(boolean training, boolean relu, int gammaIndex, int betaIndex) {
        this.training = training;
        this.relu = relu;
        this.gammaIndex = gammaIndex;
        this.betaIndex = betaIndex;
    }

    /**
     * @param runningMean updated in training (may be null there: not tracked); used in evaluation
     * @param runningVar  likewise
     * @param gamma       scale per channel, or null
     * @param beta        shift per channel, or null
     * @param relu        apply max(0, .) to the result in the same op
     */
    public static Variable apply(Variable x, Tensor runningMean, Tensor runningVar, Variable gamma, Variable beta,
                                 boolean training, float momentum, float eps, boolean relu) {
        Tensor gv = gamma == null ? null : gamma.value(), bv = beta == null ? null : beta.value();
        Variable[] inputs = gamma == null && beta == null ? new Variable[] {x}
                : gamma == null ? new Variable[] {x, beta} : beta == null ? new Variable[] {x, gamma} : new Variable[] {x, gamma, beta};
        BatchNorm2d op = new BatchNorm2d(training, relu, gamma == null ? -1 : 1, beta == null ? -1 : gamma == null ? 1 : 2);
        Tensor out;
        if (training) {
            var r = mgdaunet.tensor.spatial.BatchNorm2d.trainForward(x.value(), gv, bv, runningMean, runningVar, momentum, eps, relu);
            out = r.output();
            op.mean = r.mean();
            op.invStd = r.invStd();
            op.x = x.value();
        } else {
            out = mgdaunet.tensor.spatial.BatchNorm2d.evalForward(x.value(), gv, bv, runningMean, runningVar, eps, relu);
            // Copies: the buffers may move on (a later training step) before this backward runs.
            op.mean = runningMean.copy();
            op.invStd = Tensor.zerosLike(runningVar);
            float[] rv = runningVar.data(), inv = op.invStd.data();
            for (int c = 0; c < inv.length; c++) inv[c] = (float) (1 / Math.sqrt(rv[c] + (double) eps));
            if (gamma != null && gamma.requiresGrad()) op.x = x.value();
        }
        op.gamma = gv;
        if (relu) op.y = out;  // the kernels applied the ReLU in their normalization pass
        return Graph.record(op, out, inputs);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor[] grads = new Tensor[inputCount()];
        boolean wantGamma = gammaIndex >= 0 && needsGrad(gammaIndex), wantBeta = betaIndex >= 0 && needsGrad(betaIndex);
        if (training) {
            // One pass computes the sums behind dgamma and dbeta, a second writes dx (which needs them); the
            // ReLU's mask is applied as the gradient is read, never stored.
            var r = mgdaunet.tensor.spatial.BatchNorm2d.backward(g, x, relu ? y : null, gamma, mean, invStd);
            if (needsGrad(0)) grads[0] = r.input();
            if (wantGamma) grads[gammaIndex] = r.gamma();
            if (wantBeta) grads[betaIndex] = r.beta();
            return grads;
        }
        // Evaluation mode (a graph recorded on a network in eval mode).
        Tensor gradIn = relu ? Elementwise.reluBackward(y, g, Tensor.scratch(g.shape())) : g;
        int c = gradIn.dim(1);
        int[] perChannel = {1, c, 1, 1}, overPlanes = {0, 2, 3};
        if (needsGrad(0)) {
            Tensor scale = gamma == null ? invStd : gamma.mul(invStd);
            grads[0] = gradIn.mul(scale.reshape(perChannel));
        }
        if (wantGamma) {
            Tensor xhat = x.sub(mean.reshape(perChannel)).mul(invStd.reshape(perChannel));
            grads[gammaIndex] = xhat.mul(gradIn).sum(overPlanes, false);
        }
        if (wantBeta) grads[betaIndex] = gradIn.sum(overPlanes, false);
        return grads;
    }

    @Override
    protected void release() {
        x = y = gamma = mean = invStd = null;
    }
}
