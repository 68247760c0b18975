package mgdaunet.nn.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * Stochastic gradient descent with PyTorch's momentum, dampening, Nesterov and (L2) weight decay.
 * For each parameter p with gradient g, in float32 (the buffer b is created on the first step):
 * <pre>
 *   d = g + weightDecay * p
 *   b = d                                       (first step)
 *   b = momentum * b + (1 - dampening) * d      (later steps)
 *   d = nesterov ? d + momentum * b : b         (only when momentum != 0)
 *   p = p - lr * d
 * </pre>
 */
public final class Sgd extends Optimizer {
    /**
     * PyTorch's {@code torch.optim.SGD} arguments. Build with {@link #of(double)} and the withers.
     */
    public record Options(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        public Options {
            if (!(lr >= 0)) throw new IllegalArgumentException("SGD: invalid learning rate " + lr);
            if (!(momentum >= 0)) throw new IllegalArgumentException("SGD: invalid momentum " + momentum);
            if (!(weightDecay >= 0)) throw new IllegalArgumentException("SGD: invalid weight decay " + weightDecay);
            if (Double.isNaN(dampening)) throw new IllegalArgumentException("SGD: invalid dampening " + dampening);
            if (nesterov && (momentum <= 0 || dampening != 0)) {
                throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and dampening 0, got momentum "
                        + momentum + ", dampening " + dampening);
            }
        }

        /** Plain SGD: no momentum, no weight decay. */
        public static Options of(double lr) {
            return new Options(lr, 0, 0, 0, false);
        }

        public Options withMomentum(double m) {
            return new Options(lr, m, dampening, weightDecay, nesterov);
        }

        public Options withDampening(double d) {
            return new Options(lr, momentum, d, weightDecay, nesterov);
        }

        public Options withWeightDecay(double wd) {
            return new Options(lr, momentum, dampening, wd, nesterov);
        }

        public Options withNesterov(boolean n) {
            return new Options(lr, momentum, dampening, weightDecay, n);
        }
    }

    private static final String MOMENTUM_BUFFER = "momentum_buffer";

    private final Options options;
    private final float[][] momentumBuffers;

    public Sgd(List<Variable> params, Options options) {
        super("SGD", params, options.lr());
        this.options = options;
        this.momentumBuffers = new float[parameters().size()][];
    }

    public Options options() {
        return options;
    }

    @Override
    void update(int index, float[] p, float[] g) {
        // PyTorch casts double hyperparameters to float for float32 tensors.
        float lr = (float) learningRate(), wd = (float) options.weightDecay(), mom = (float) options.momentum();
        float keep = (float) (1 - options.dampening());
        // Each "x + alpha * y" is one FMA, as in PyTorch's add(alpha) kernel: that makes the updates
        // bit-identical to PyTorch 1.13 on CPU (OptimizerTest checks it).
        // Plain loops, which C2 auto-vectorizes (each fuses what separate VectorMath calls would do in several passes).
        if (options.momentum() == 0) {
            for (int j = 0; j < p.length; j++) p[j] = Math.fma(-lr, Math.fma(wd, p[j], g[j]), p[j]);
            return;
        }
        float[] b = momentumBuffers[index];
        if (b == null) {
            b = momentumBuffers[index] = new float[p.length];
            for (int j = 0; j < p.length; j++) b[j] = Math.fma(wd, p[j], g[j]);
        } else {
            for (int j = 0; j < p.length; j++) b[j] = Math.fma(keep, Math.fma(wd, p[j], g[j]), mom * b[j]);
        }
        if (options.nesterov()) {
            for (int j = 0; j < p.length; j++) p[j] = Math.fma(-lr, Math.fma(mom, b[j], Math.fma(wd, p[j], g[j])), p[j]);
        } else {
            for (int j = 0; j < p.length; j++) p[j] = Math.fma(-lr, b[j], p[j]);
        }
    }

    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < momentumBuffers.length; i++) {
            if (momentumBuffers[i] != null) out.put(OptimizerState.key(i, MOMENTUM_BUFFER), Tensor.of(momentumBuffers[i], parameters().get(i).shape()));
        }
        return out;
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        List<String> names = options.momentum() == 0 ? List.of() : List.of(MOMENTUM_BUFFER);
        var loaded = OptimizerState.load("SGD state", state, parameters(), names);
        java.util.Arrays.fill(momentumBuffers, null);
        loaded.forEach((i, m) -> {
            if (!names.isEmpty()) momentumBuffers[i] = m.get(MOMENTUM_BUFFER).data();
        });
    }
}
