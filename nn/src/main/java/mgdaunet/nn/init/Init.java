package mgdaunet.nn.init;

import java.util.random.RandomGenerator;
import mgdaunet.tensor.Tensor;

/**
 * Weight initializers, PyTorch's ({@code torch.nn.init}), filling a tensor in place from a seeded
 * generator ({@link Tensor#rng(long)}): the same seed gives the same weights on every run and
 * platform. Each returns its tensor. An empty tensor is left as it is (PyTorch warns and does the same).
 */
public final class Init {
    private static final double SQRT3 = Math.sqrt(3.0);

    private Init() {}

    /** Values drawn uniformly from [lo, hi), drawn in double and rounded to float32 (so the rounded bounds can be reached). */
    public static Tensor uniform(Tensor t, double lo, double hi, RandomGenerator rng) {
        if (!(lo <= hi)) throw new IllegalArgumentException("uniform init: lower bound " + lo + " exceeds upper bound " + hi);
        float[] d = t.data();
        double span = hi - lo;
        for (int i = 0; i < d.length; i++) d[i] = (float) (lo + span * rng.nextDouble());
        return t;
    }

    /** Values drawn from a normal distribution. */
    public static Tensor normal(Tensor t, double mean, double std, RandomGenerator rng) {
        if (!(std >= 0)) throw new IllegalArgumentException("normal init: invalid standard deviation " + std);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        return t;
    }

    /**
     * He et al.'s uniform initialization, PyTorch's {@code kaiming_uniform_}: U(-bound, bound) with
     * {@code bound = gain * sqrt(3 / fan)}, {@code gain = nonlinearity.gain(a)}.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, RandomGenerator rng) {
        if (t.size() == 0) return t;
        double bound = SQRT3 * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound, rng);
    }

    /** He et al.'s normal initialization, PyTorch's {@code kaiming_normal_}: N(0, std), {@code std = gain / sqrt(fan)}. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, RandomGenerator rng) {
        if (t.size() == 0) return t;
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity), rng);
    }

    /** Glorot and Bengio's uniform initialization, PyTorch's {@code xavier_uniform_}: U(-a, a), {@code a = gain * sqrt(6 / (fanIn + fanOut))}. */
    public static Tensor xavierUniform(Tensor t, double gain, RandomGenerator rng) {
        if (t.size() == 0) return t;
        double bound = SQRT3 * xavierStd(t, gain);
        return uniform(t, -bound, bound, rng);
    }

    /** Glorot and Bengio's normal initialization, PyTorch's {@code xavier_normal_}: N(0, std), {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    public static Tensor xavierNormal(Tensor t, double gain, RandomGenerator rng) {
        if (t.size() == 0) return t;
        return normal(t, 0, xavierStd(t, gain), rng);
    }

    /**
     * PyTorch's default for Conv2d, ConvTranspose2d and Linear weights ({@code reset_parameters}):
     * Kaiming-uniform with a = sqrt(5), which works out to U(-1/sqrt(fanIn), 1/sqrt(fanIn)).
     */
    public static Tensor defaultWeight(Tensor weight, RandomGenerator rng) {
        return kaimingUniform(weight, Math.sqrt(5.0), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, rng);
    }

    /**
     * PyTorch's default for those layers' biases: U(-1/sqrt(fanIn), 1/sqrt(fanIn)) with the fan-in of
     * the layer's weight ({@code weightShape}); zero when that fan-in is 0.
     */
    public static Tensor defaultBias(Tensor bias, int[] weightShape, RandomGenerator rng) {
        long fanIn = Fans.of(weightShape).in();
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
        return uniform(bias, -bound, bound, rng);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        long fan = Fans.of(t.shape()).get(mode);
        return nonlinearity.gain(a) / Math.sqrt(fan);
    }

    private static double xavierStd(Tensor t, double gain) {
        Fans f = Fans.of(t.shape());
        return gain * Math.sqrt(2.0 / (f.in() + f.out()));
    }
}
