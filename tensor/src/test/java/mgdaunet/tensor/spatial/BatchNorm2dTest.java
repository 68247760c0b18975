package mgdaunet.tensor.spatial;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchNorm2dTest {
    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"1, 1, 2", "3, 2, 35", "2, 3, 16", "4, 1, 1", "3, 5, 97"})
    void trainingForwardBackwardAndRunningStatistics(int n, int c, int pixels) {
        RandomGenerator rng = Tensor.rng(n * 31 + pixels);
        float[] x = Reference.random(rng, n * c * pixels), dy = Reference.random(rng, n * c * pixels);
        // An offset far larger than the spread: a one-pass sum of squares would lose the variance.
        for (int i = 0; i < x.length; i++) x[i] = 1000f + x[i];
        float[] gamma = Reference.random(rng, c), beta = Reference.random(rng, c);
        float momentum = 0.1f, eps = 1e-5f;
        int m = n * pixels;
        // Reference in double, straight from the definitions.
        double[] mean = new double[c], var = new double[c], y = new double[x.length], dx = new double[x.length];
        double[] dgamma = new double[c], dbeta = new double[c];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < n; i++) for (int q = 0; q < pixels; q++) mean[ch] += x[(i * c + ch) * pixels + q];
            mean[ch] /= m;
            for (int i = 0; i < n; i++) for (int q = 0; q < pixels; q++) {
                double d = x[(i * c + ch) * pixels + q] - mean[ch];
                var[ch] += d * d;
            }
            var[ch] /= m;
            double inv = 1 / Math.sqrt(var[ch] + eps);
            for (int i = 0; i < n; i++) for (int q = 0; q < pixels; q++) {
                int at = (i * c + ch) * pixels + q;
                double xhat = (x[at] - mean[ch]) * inv;
                y[at] = xhat * gamma[ch] + beta[ch];
                dbeta[ch] += dy[at];
                dgamma[ch] += dy[at] * xhat;
            }
            for (int i = 0; i < n; i++) for (int q = 0; q < pixels; q++) {
                int at = (i * c + ch) * pixels + q;
                double xhat = (x[at] - mean[ch]) * inv;
                dx[at] = gamma[ch] * inv / m * (m * dy[at] - dbeta[ch] - xhat * dgamma[ch]);
            }
        }
        for (boolean simd : new boolean[] {true, false}) {
            String path = simd ? "simd " : "scalar ";
            float[] runMean = {0.5f, -1f, 2f, 0f, 3f}, runVar = {2f, 1f, 0.5f, 1f, 4f};
            float[] runMean0 = runMean.clone(), runVar0 = runVar.clone();
            float[] gotY = Conv2dTest.filled(x.length), gotMean = new float[c], gotInv = new float[c];
            BatchNorm2d.trainForward(n, c, pixels, x, gamma, beta, runMean, runVar, momentum, eps, gotY, gotMean, gotInv, false, simd);
            for (int ch = 0; ch < c; ch++) {
                assertEquals(mean[ch], gotMean[ch], 1e-4, path + "mean");
                assertEquals(1 / Math.sqrt(var[ch] + eps), gotInv[ch], 1e-4 / Math.sqrt(var[ch] + eps), path + "inverse std");
                assertEquals(0.9 * runMean0[ch] + 0.1 * mean[ch], runMean[ch], 1e-4, path + "running mean");
                assertEquals(0.9 * runVar0[ch] + 0.1 * var[ch] * m / (m - 1), runVar[ch], 1e-5, path + "running variance (unbiased)");
            }
            for (int ch = c; ch < runMean.length; ch++) assertEquals(runMean0[ch], runMean[ch], path + "channels past c untouched");
            Reference.assertClose(y, gotY, 2e-4, path + "output");
            float[] gotDx = Conv2dTest.filled(x.length), gotDgamma = new float[c], gotDbeta = new float[c];
            BatchNorm2d.backward(n, c, pixels, dy, x, null, gamma, gotMean, gotInv, gotDx, gotDgamma, gotDbeta, simd);
            Reference.assertClose(dx, gotDx, 2e-3, path + "input gradient");
            Reference.assertClose(dgamma, gotDgamma, 1e-3, path + "gamma gradient");
            Reference.assertClose(dbeta, gotDbeta, 1e-5, path + "beta gradient");
        }
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"3, 2, 35", "2, 3, 16", "3, 5, 97"})
    void reluFusedIntoTheNormalizationMatchesBatchNormThenRelu(int n, int c, int pixels) {
        RandomGenerator rng = Tensor.rng(n * 7 + pixels);
        float[] x = Reference.random(rng, n * c * pixels), dy = Reference.random(rng, n * c * pixels);
        float[] gamma = Reference.random(rng, c), beta = Reference.random(rng, c);
        for (boolean simd : new boolean[] {true, false}) {
            String path = simd ? "simd " : "scalar ";
            // Unfused: batch-norm, ReLU over its output, the ReLU's gradient, batch-norm backward of that.
            float[] y = new float[x.length], mean = new float[c], inv = new float[c];
            BatchNorm2d.trainForward(n, c, pixels, x, gamma, beta, null, null, 0.1f, 1e-5f, y, mean, inv, false, simd);
            float[] r = new float[x.length], masked = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                r[i] = Math.max(0f, y[i]);
                masked[i] = r[i] > 0f ? dy[i] : 0f;
            }
            float[] dx = new float[x.length], dgamma = new float[c], dbeta = new float[c];
            BatchNorm2d.backward(n, c, pixels, masked, x, null, gamma, mean, inv, dx, dgamma, dbeta, simd);
            // Fused: the same numbers, bit for bit (the mask is applied where the unfused path stores it).
            float[] gotR = Conv2dTest.filled(x.length), gotMean = new float[c], gotInv = new float[c];
            BatchNorm2d.trainForward(n, c, pixels, x, gamma, beta, null, null, 0.1f, 1e-5f, gotR, gotMean, gotInv, true, simd);
            assertArrayEquals(r, gotR, path + "output");
            float[] gotDx = Conv2dTest.filled(x.length), gotDgamma = new float[c], gotDbeta = new float[c];
            BatchNorm2d.backward(n, c, pixels, dy, x, gotR, gamma, gotMean, gotInv, gotDx, gotDgamma, gotDbeta, simd);
            assertArrayEquals(dx, gotDx, path + "input gradient");
            assertArrayEquals(dgamma, gotDgamma, path + "gamma gradient");
            assertArrayEquals(dbeta, gotDbeta, path + "beta gradient");
            float[] evalR = Conv2dTest.filled(x.length), evalY = new float[x.length];
            BatchNorm2d.evalForward(n, c, pixels, x, gamma, beta, mean, inv, 1e-5f, evalY, false, simd);
            BatchNorm2d.evalForward(n, c, pixels, x, gamma, beta, mean, inv, 1e-5f, evalR, true, simd);
            for (int i = 0; i < x.length; i++) assertEquals(Math.max(0f, evalY[i]), evalR[i], path + "evaluation output " + i);
        }
    }

    @Test
    void handDerivedTwoValues() {
        // One channel, values 1 and 3: mean 2, biased variance 1, so with eps = 0 invStd = 1 and
        // y = x - 2 = [-1, 1]. Running stats from (0, 1), momentum 0.5: mean 0.5 * 2 = 1,
        // unbiased variance 2 (= 1 * 2 / 1), running 0.5 * 1 + 0.5 * 2 = 1.5.
        // Backward with dy = [1, 0]: dbeta = 1, dgamma = sum dy * xhat = -1, and
        // dx = 1 / 2 * (2 * dy - 1 - xhat * (-1)) = [(2 - 1 - 1) / 2, (0 - 1 + 1) / 2] = [0, 0].
        Tensor x = Tensor.of(new float[] {1, 3}, 2, 1, 1, 1);
        Tensor runMean = Tensor.zeros(1), runVar = Tensor.ones(1);
        BatchNorm2d.TrainResult r = BatchNorm2d.trainForward(x, null, null, runMean, runVar, 0.5f, 0f);
        assertArrayEquals(new float[] {-1, 1}, r.output().data());
        assertEquals(2f, r.mean().item());
        assertEquals(1f, r.invStd().item());
        assertEquals(1f, runMean.item());
        assertEquals(1.5f, runVar.item());
        BatchNorm2d.Gradients gr = BatchNorm2d.backward(Tensor.of(new float[] {1, 0}, 2, 1, 1, 1), x, Tensor.ones(1), r.mean(), r.invStd());
        assertArrayEquals(new float[] {0, 0}, gr.input().data());
        assertEquals(-1f, gr.gamma().item());
        assertEquals(1f, gr.beta().item());
    }

    @Test
    void theSameBatchGivesBitIdenticalStatisticsColdAndWarm() {
        // The statistics must not depend on whether the kernel ran interpreted or JIT-compiled (nor on
        // which thread ran a channel): training runs and their resumption are reproducible only then.
        RandomGenerator rng = Tensor.rng(5);
        Tensor x = Tensor.of(Reference.random(rng, 3 * 5 * 99), 3, 5, 9, 11);
        for (int i = 0; i < x.size(); i++) x.data()[i] = x.data()[i] * 10 + 3;
        BatchNorm2d.TrainResult first = BatchNorm2d.trainForward(x, null, null, null, null, 0.1f, 1e-5f);
        for (int call = 1; call <= 20_000; call++) {
            BatchNorm2d.TrainResult r = BatchNorm2d.trainForward(x, null, null, null, null, 0.1f, 1e-5f);
            if (call % 500 != 0) continue;
            assertEquals(0f, r.mean().maxAbsDiff(first.mean()), "mean after " + call + " calls");
            assertEquals(0f, r.invStd().maxAbsDiff(first.invStd()), "invStd after " + call + " calls");
            assertEquals(0f, r.output().maxAbsDiff(first.output()), "output after " + call + " calls");
        }
    }

    @Test
    void evalModeUsesTheRunningStatistics() {
        // (x - 1) / sqrt(4 + 0) * 3 + 0.5 for x = [1, 5, -3]: 0.5, 6.5, -5.5.
        Tensor x = Tensor.of(new float[] {1, 5, -3}, 1, 1, 1, 3);
        Tensor y = BatchNorm2d.evalForward(x, Tensor.of(new float[] {3}, 1), Tensor.of(new float[] {0.5f}, 1),
                Tensor.of(new float[] {1}, 1), Tensor.of(new float[] {4}, 1), 0f);
        assertArrayEquals(new float[] {0.5f, 6.5f, -5.5f}, y.data());
    }

    @Test
    void badArguments() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm2d.trainForward(Tensor.zeros(1, 2, 1, 1), null, null, null, null, 0.1f, 1e-5f));
        assertTrue(e.getMessage().contains("more than one value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BatchNorm2d.trainForward(Tensor.zeros(2, 2, 3, 3), Tensor.zeros(3), null, null, null, 0.1f, 1e-5f));
        assertTrue(e.getMessage().startsWith("batch_norm:") && e.getMessage().contains("[3]"), e.getMessage());
    }
}
