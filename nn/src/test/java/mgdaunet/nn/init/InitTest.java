package mgdaunet.nn.init;

import static org.junit.jupiter.api.Assertions.*;

import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
    /** Large enough that the sample mean and standard deviation land within 1-2% of the truth. */
    private static final int N = 200_000;

    private static double mean(Tensor t) {
        double s = 0;
        for (float v : t.data()) s += v;
        return s / t.size();
    }

    private static double std(Tensor t) {
        double m = mean(t), s = 0;
        for (float v : t.data()) s += (v - m) * (v - m);
        return Math.sqrt(s / t.size());
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.data()) m = Math.max(m, Math.abs(v));
        return m;
    }

    /**
     * Uniform on [-bound, bound]: inside it (the bound rounded to float32, as the values are), reaching
     * near both ends, mean 0, std bound / sqrt(3).
     */
    private static void assertUniform(Tensor t, double bound) {
        assertTrue(maxAbs(t) <= (float) bound, "max |x| " + maxAbs(t) + " exceeds bound " + bound);
        assertTrue(maxAbs(t) > 0.999 * bound, "max |x| " + maxAbs(t) + " far below bound " + bound);
        assertEquals(0, mean(t), 0.01 * bound);
        assertEquals(bound / Math.sqrt(3), std(t), 0.01 * bound / Math.sqrt(3));
    }

    private static void assertNormal(Tensor t, double sd) {
        assertEquals(0, mean(t), 0.01 * sd);
        assertEquals(sd, std(t), 0.01 * sd);
        // about 99.7% within 3 sd; beyond 6 sd essentially never
        long within3 = 0;
        for (float v : t.data()) if (Math.abs(v) <= 3 * sd) within3++;
        assertEquals(0.9973, (double) within3 / t.size(), 0.001);
        assertTrue(maxAbs(t) < 6 * sd);
    }

    @Test
    void fansAsPyTorchComputesThem() {
        assertEquals(new Fans(9, 144), Fans.of(16, 1, 3, 3), "Conv2d OIHW: in*kh*kw, out*kh*kw");
        assertEquals(new Fans(144, 288), Fans.of(32, 16, 3, 3));
        assertEquals(new Fans(128, 256), Fans.of(64, 32, 2, 2), "ConvTranspose2d IOHW: PyTorch's rule reads dim 1 as the fan-in");
        assertEquals(new Fans(32, 10), Fans.of(10, 32), "Linear (out, in)");
        assertEquals(new Fans(1, 1), Fans.of(1, 1));
        assertEquals(new Fans(0, 36), Fans.of(4, 0, 3, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Fans.of(5));
        assertEquals("fans: a weight needs at least 2 dimensions to have fan-in and fan-out, got shape [5]", e.getMessage());
        assertThrows(IllegalArgumentException.class, Fans::of);
    }

    @Test
    void gainsAsCalculateGain() {
        assertEquals(1.0, Nonlinearity.LINEAR.gain());
        assertEquals(1.0, Nonlinearity.SIGMOID.gain());
        assertEquals(5.0 / 3, Nonlinearity.TANH.gain());
        assertEquals(Math.sqrt(2), Nonlinearity.RELU.gain());
        assertEquals(Math.sqrt(2 / 1.0001), Nonlinearity.LEAKY_RELU.gain(), 1e-15);
        assertEquals(Math.sqrt(1.0 / 3), Nonlinearity.LEAKY_RELU.gain(Math.sqrt(5)), 1e-15);
        assertEquals(0.75, Nonlinearity.SELU.gain());
    }

    @Test
    void pyTorchDefaultConvWeightIsUniformOneOverSqrtFanIn() {
        // conv3x3 16 -> 200 000 / 144 out channels: fan-in 144, bound 1/12
        Tensor w = Init.defaultWeight(Tensor.zeros(N / 144 + 1, 16, 3, 3), Tensor.rng(1));
        assertUniform(w, 1.0 / 12);
    }

    @Test
    void pyTorchDefaultLinearWeightAndBias() {
        int[] shape = {N / 50, 50};
        Tensor w = Init.defaultWeight(Tensor.zeros(shape), Tensor.rng(2));
        assertUniform(w, 1.0 / Math.sqrt(50));
        Tensor b = Init.defaultBias(Tensor.zeros(N), shape, Tensor.rng(3));
        assertUniform(b, 1.0 / Math.sqrt(50));
    }

    @Test
    void transposedConvDefaultUsesPyTorchsFan() {
        // ConvTranspose2d(in 8, out 64, k 2): weight IOHW [8, 64, 2, 2], fan-in = 64 * 4 = 256, bound 1/16
        Tensor w = Init.defaultWeight(Tensor.zeros(8, 64, 2, 2), Tensor.rng(4));
        assertTrue(maxAbs(w) <= (float) (1.0 / 16) && maxAbs(w) > 0.9 / 16, "bound 1/16, got max " + maxAbs(w));
        Tensor b = Init.defaultBias(Tensor.zeros(64), new int[] {8, 64, 2, 2}, Tensor.rng(5));
        assertTrue(maxAbs(b) <= (float) (1.0 / 16));
    }

    @Test
    void kaimingUniformAndNormal() {
        // ReLU, fan-in 100: uniform bound sqrt(2) * sqrt(3 / 100), normal std sqrt(2 / 100)
        Tensor u = Init.kaimingUniform(Tensor.zeros(N / 100, 100), 0, FanMode.FAN_IN, Nonlinearity.RELU, Tensor.rng(6));
        assertUniform(u, Math.sqrt(2) * Math.sqrt(3.0 / 100));
        Tensor n = Init.kaimingNormal(Tensor.zeros(N / 100, 4, 5, 5), 0, FanMode.FAN_IN, Nonlinearity.RELU, Tensor.rng(7));
        assertNormal(n, Math.sqrt(2.0 / 100));
        // fan-out of OIHW [2000, 4, 5, 5] is 2000 * 25
        Tensor o = Init.kaimingNormal(Tensor.zeros(2000, 4, 5, 5), 0, FanMode.FAN_OUT, Nonlinearity.RELU, Tensor.rng(8));
        assertNormal(o, Math.sqrt(2.0 / 50_000));
    }

    @Test
    void xavierUniformAndNormal() {
        // (out 400, in 500): a = sqrt(6 / 900) for gain 1
        Tensor u = Init.xavierUniform(Tensor.zeros(400, 500), 1.0, Tensor.rng(9));
        assertUniform(u, Math.sqrt(6.0 / 900));
        Tensor n = Init.xavierNormal(Tensor.zeros(400, 500), Nonlinearity.TANH.gain(), Tensor.rng(10));
        assertNormal(n, 5.0 / 3 * Math.sqrt(2.0 / 900));
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        Tensor a = Init.defaultWeight(Tensor.zeros(16, 3, 3, 3), Tensor.rng(42));
        Tensor b = Init.defaultWeight(Tensor.zeros(16, 3, 3, 3), Tensor.rng(42));
        Tensor c = Init.defaultWeight(Tensor.zeros(16, 3, 3, 3), Tensor.rng(43));
        assertEquals(a, b);
        assertNotEquals(a, c);
        Tensor n1 = Init.kaimingNormal(Tensor.zeros(7, 3), 0, FanMode.FAN_IN, Nonlinearity.RELU, Tensor.rng(1));
        Tensor n2 = Init.kaimingNormal(Tensor.zeros(7, 3), 0, FanMode.FAN_IN, Nonlinearity.RELU, Tensor.rng(1));
        assertEquals(n1, n2);
    }

    @Test
    void sizeOneEmptyAndBadArguments() {
        Tensor one = Init.defaultWeight(Tensor.zeros(1, 1), Tensor.rng(1));
        assertTrue(Math.abs(one.item()) <= 1 && one.item() != 0);
        Tensor empty = Tensor.zeros(0, 3);
        assertSame(empty, Init.kaimingUniform(empty, 0, FanMode.FAN_IN, Nonlinearity.RELU, Tensor.rng(1)));
        assertSame(empty, Init.xavierNormal(empty, 1, Tensor.rng(1)));
        Tensor bias = Init.defaultBias(Tensor.ones(3), new int[] {3, 0, 3, 3}, Tensor.rng(1));
        assertEquals(Tensor.zeros(3), bias, "fan-in 0: bias bound 0");
        assertThrows(IllegalArgumentException.class, () -> Init.kaimingUniform(Tensor.zeros(5), 0, FanMode.FAN_IN, Nonlinearity.RELU, Tensor.rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(Tensor.zeros(2), 1, 0, Tensor.rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(Tensor.zeros(2), 0, -1, Tensor.rng(1)));
    }
}
