package mgdaunet.nn.optim;

import java.util.Collection;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** Gradient clipping, PyTorch's {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
    /** PyTorch adds this to the norm so that a zero gradient does not divide by zero. */
    private static final double NORM_EPS = 1e-6;

    private GradientClipping() {}

    /**
     * Scales all gradients together so that their global L2 norm (as if concatenated into one vector)
     * is at most {@code maxNorm}: each gradient is multiplied by {@code min(1, maxNorm / (norm + 1e-6))}.
     * Parameters without a gradient are skipped. Like PyTorch's default, a non-finite norm is not an
     * error: it is returned and scales the gradients to NaN, so check the result when that matters.
     *
     * @return the global norm before clipping (summed in double)
     */
    public static double clipByGlobalNorm(Collection<Variable> params, double maxNorm) {
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("clipByGlobalNorm: max norm must be finite and non-negative, got " + maxNorm);
        }
        double sumSquares = 0;
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            for (float x : g.data()) sumSquares += (double) x * x;
        }
        double norm = Math.sqrt(sumSquares);
        double coef = maxNorm / (norm + NORM_EPS);
        if (coef < 1 || Double.isNaN(coef)) {
            float c = (float) coef;
            for (Variable p : params) {
                Tensor g = p.grad();
                if (g == null) continue;
                float[] d = g.data();
                for (int j = 0; j < d.length; j++) d[j] *= c;
            }
        }
        return norm;
    }
}
