package mgdaunet.nn.optim;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * Adam and AdamW with PyTorch 1.13's update rules. For each parameter p with gradient g, at its
 * step t = 1, 2, ... (counted per parameter), in float32 with the scalars computed in double:
 * <pre>
 *   p = p * (1 - lr * weightDecay)               (AdamW: decoupled weight decay)
 *   g = g + weightDecay * p                      (Adam: L2 weight decay)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   vMax = max(vMax, v)                          (amsgrad; then vMax replaces v below)
 *   denom = sqrt(v) / sqrt(1 - beta2^t) + eps    (eps outside the square root)
 *   p = p - lr / (1 - beta1^t) * m / denom
 * </pre>
 */
public final class Adam extends Optimizer {
    /**
     * PyTorch's {@code torch.optim.Adam} / {@code AdamW} arguments; {@code decoupledWeightDecay}
     * selects AdamW. Start from {@link #adam()} or {@link #adamW()} (PyTorch's defaults) and the withers.
     */
    public record Options(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
                          boolean decoupledWeightDecay) {
        public Options {
            if (!(lr >= 0)) throw new IllegalArgumentException("Adam: invalid learning rate " + lr);
            if (!(eps >= 0)) throw new IllegalArgumentException("Adam: invalid epsilon " + eps);
            if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("Adam: invalid beta1 " + beta1 + ", must be in [0, 1)");
            if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("Adam: invalid beta2 " + beta2 + ", must be in [0, 1)");
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("Adam: invalid weight decay " + weightDecay);
        }

        /** {@code torch.optim.Adam}'s defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
        public static Options adam() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 0, false, false);
        }

        /** {@code torch.optim.AdamW}'s defaults: as Adam, with decoupled weight decay 1e-2. */
        public static Options adamW() {
            return new Options(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, true);
        }

        public Options withLr(double v) {
            return new Options(v, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay);
        }

        public Options withBetas(double b1, double b2) {
            return new Options(lr, b1, b2, eps, weightDecay, amsgrad, decoupledWeightDecay);
        }

        public Options withEps(double v) {
            return new Options(lr, beta1, beta2, v, weightDecay, amsgrad, decoupledWeightDecay);
        }

        public Options withWeightDecay(double v) {
            return new Options(lr, beta1, beta2, eps, v, amsgrad, decoupledWeightDecay);
        }

        public Options withAmsgrad(boolean v) {
            return new Options(lr, beta1, beta2, eps, weightDecay, v, decoupledWeightDecay);
        }
    }

    private static final String EXP_AVG = "exp_avg", EXP_AVG_SQ = "exp_avg_sq", MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    private final Options options;
    private final long[] steps;
    private final float[][] expAvg, expAvgSq, maxExpAvgSq;

    public Adam(List<Variable> params, Options options) {
        super(options.decoupledWeightDecay() ? "AdamW" : "Adam", params, options.lr());
        this.options = options;
        int n = parameters().size();
        steps = new long[n];
        expAvg = new float[n][];
        expAvgSq = new float[n][];
        maxExpAvgSq = new float[n][];
    }

    public Options options() {
        return options;
    }

    /** Steps taken by parameter {@code index} (parameters without a gradient do not count a step). */
    public long stepCount(int index) {
        return steps[index];
    }

    @Override
    void update(int i, float[] p, float[] g) {
        if (expAvg[i] == null) {
            expAvg[i] = new float[p.length];
            expAvgSq[i] = new float[p.length];
            if (options.amsgrad()) maxExpAvgSq[i] = new float[p.length];
        }
        long t = ++steps[i];
        double lr = learningRate();
        // Scalars in double as Python computes them, cast to float as PyTorch's float32 kernels do.
        float beta1 = (float) options.beta1(), beta2 = (float) options.beta2();
        float oneMinusBeta1 = (float) (1 - options.beta1()), oneMinusBeta2 = (float) (1 - options.beta2());
        float eps = (float) options.eps(), wd = (float) options.weightDecay();
        float decay = (float) (1 - lr * options.weightDecay());
        float stepSize = (float) (lr / (1 - Math.pow(options.beta1(), t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(options.beta2(), t));
        float[] m = expAvg[i], v = expAvgSq[i], vMax = maxExpAvgSq[i];
        boolean decoupled = options.decoupledWeightDecay(), l2 = !decoupled && options.weightDecay() != 0;
        // Rounding as PyTorch's kernels round: mul_ then add_(alpha) is one multiply and one FMA,
        // addcmul_ is self + (value * t1) * t2 fused, addcdiv_ is self + (value * t1) / t2. With that
        // the updates are bit-identical to PyTorch 1.13 on CPU (OptimizerTest checks it).
        // A plain loop: C2 auto-vectorizes it, and it fuses the moment updates with the step in one pass.
        for (int j = 0; j < p.length; j++) {
            float pj = p[j];
            if (decoupled) pj *= decay;
            float gj = l2 ? Math.fma(wd, pj, g[j]) : g[j];
            float mj = Math.fma(oneMinusBeta1, gj, m[j] * beta1);
            float vj = Math.fma(oneMinusBeta2 * gj, gj, v[j] * beta2);
            m[j] = mj;
            v[j] = vj;
            if (vMax != null) vj = vMax[j] = Math.max(vMax[j], vj);
            float denom = (float) Math.sqrt(vj) / bc2Sqrt + eps;
            p[j] = pj + (-stepSize * mj) / denom;
        }
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < steps.length; i++) {
            if (expAvg[i] == null) continue;
            int[] shape = parameters().get(i).shape();
            out.put(OptimizerState.key(i, OptimizerState.STEP), Tensor.scalar(steps[i]));
            out.put(OptimizerState.key(i, EXP_AVG), Tensor.of(expAvg[i], shape));
            out.put(OptimizerState.key(i, EXP_AVG_SQ), Tensor.of(expAvgSq[i], shape));
            if (options.amsgrad()) out.put(OptimizerState.key(i, MAX_EXP_AVG_SQ), Tensor.of(maxExpAvgSq[i], shape));
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        List<String> names = options.amsgrad()
                ? List.of(OptimizerState.STEP, EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ)
                : List.of(OptimizerState.STEP, EXP_AVG, EXP_AVG_SQ);
        var loaded = OptimizerState.load(name() + " state", state, parameters(), names);
        Arrays.fill(steps, 0);
        Arrays.fill(expAvg, null);
        Arrays.fill(expAvgSq, null);
        Arrays.fill(maxExpAvgSq, null);
        loaded.forEach((i, m) -> {
            steps[i] = (long) m.get(OptimizerState.STEP).item();
            expAvg[i] = m.get(EXP_AVG).data();
            expAvgSq[i] = m.get(EXP_AVG_SQ).data();
            if (options.amsgrad()) maxExpAvgSq[i] = m.get(MAX_EXP_AVG_SQ).data();
        });
    }
}
