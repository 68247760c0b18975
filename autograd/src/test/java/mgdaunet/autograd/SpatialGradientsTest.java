package mgdaunet.autograd;

import static org.junit.jupiter.api.Assertions.*;

import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Tiny spatial cases whose gradients are derived by hand in the comments, and the guarantee that an
 * op computes only the gradients its inputs want.
 */
class SpatialGradientsTest {
    private static Variable p(float[] v, int... shape) {
        return Variable.parameter(Tensor.of(v, shape));
    }

    private static float[] range(int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) r[i] = i;
        return r;
    }

    @Test
    void upsampleConcatEqualsUpsampleThenConcatBitForBit() {
        // Wide enough rows for the vector path, and a leftover lane.
        var rng = Tensor.rng(7);  // not OpRegistry's seed sequence, which other tests' data depends on
        Tensor x = Tensor.uniform(rng, -1f, 1f, 2, 3, 4, 21), skip = Tensor.uniform(rng, -1f, 1f, 2, 5, 8, 42);
        Tensor up = Tensor.uniform(rng, -1f, 1f, 2, 8, 8, 42);
        Variable[] fused = {Variable.parameter(x.copy()), Variable.parameter(skip.copy())};
        Variable[] plain = {Variable.parameter(x.copy()), Variable.parameter(skip.copy())};
        Variable yf = F.upsampleConcat(fused[0], 2, fused[1]);
        Variable yp = F.concat(1, F.upsampleNearest2d(plain[0], 2), plain[1]);
        assertArrayEquals(yp.value().data(), yf.value().data(), "values");
        yf.backward(up);
        yp.backward(up);
        assertArrayEquals(plain[0].grad().data(), fused[0].grad().data(), "gradient of the upsampled input");
        assertArrayEquals(plain[1].grad().data(), fused[1].grad().data(), "gradient of the skip");
        assertThrows(IllegalArgumentException.class, () -> F.upsampleConcat(fused[0], 2, Variable.constant(Tensor.zeros(2, 5, 8, 40))));
    }

    @Test
    void conv2dOfA3x3ImageWithA2x2Kernel() {
        // x = [1 2 3; 4 5 6; 7 8 9], w = [1 0; 0 -1], bias 0.5, stride 1, no padding:
        // y[i][j] = x[i][j] - x[i+1][j+1] + 0.5 = -4 + 0.5 = -3.5 for all four outputs.
        // L = sum y:  dL/dw[a][b] = sum of the 2x2 window of x at (a, b) = 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9;
        //             dL/dbias = 4 outputs;
        //             dL/dx[p][q] = sum of w[a][b] over the outputs (p-a, q-b) that exist:
        //             x00: w00 = 1, x01: w00+w01 = 1, x02: w01 = 0, x10: w00+w10 = 1, x11: all four = 0,
        //             x12: w01+w11 = -1, x20: w10 = 0, x21: w10+w11 = -1, x22: w11 = -1.
        Variable x = p(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Variable w = p(new float[] {1, 0, 0, -1}, 1, 1, 2, 2);
        Variable b = p(new float[] {0.5f}, 1);
        Variable y = F.conv2d(x, w, b, 1, 0);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {-3.5f, -3.5f, -3.5f, -3.5f}, y.value().data());
        F.sum(y).backward();
        assertArrayEquals(new float[] {12, 16, 24, 28}, w.grad().data());
        assertArrayEquals(new float[] {4}, b.grad().data());
        assertArrayEquals(new float[] {1, 1, 0, 1, 0, -1, 0, -1, -1}, x.grad().data());
    }

    @Test
    void conv2dWithStride2AndPadding1() {
        // x = [1..9] as 3x3, w = 3x3 ones, stride 2, padding 1: windows centred on the corners,
        // y = [x00+x01+x10+x11, ...] = [12, 16, 24, 28].
        // L = sum y:  dL/dx = how many windows cover each pixel: corners 1, edges 2, centre 4.
        //             dL/dw[a][b] = sum over the outputs (i, j) of xpad[2i+a][2j+b]; rows 2i+a of the padded
        //             image hit x rows {1} for a = 0 and 2, {0, 2} for a = 1 (likewise columns), so
        //             dw = [x11, x10+x12, x11; x01+x21, x00+x02+x20+x22, ...] = [5 10 5; 10 20 10; 5 10 5].
        Variable x = p(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Variable w = Variable.parameter(Tensor.ones(1, 1, 3, 3));
        Variable y = F.conv2d(x, w, null, 2, 1);
        assertArrayEquals(new float[] {12, 16, 24, 28}, y.value().data());
        F.sum(y).backward();
        assertArrayEquals(new float[] {1, 2, 1, 2, 4, 2, 1, 2, 1}, x.grad().data());
        assertArrayEquals(new float[] {5, 10, 5, 10, 20, 10, 5, 10, 5}, w.grad().data());
    }

    @Test
    void convTranspose2dKernel2Stride2() {
        // x = [1 2; 3 4], w = [1 2; 3 4], stride 2: each input pixel writes x[i][j] * w into its own
        // 2x2 block: y = [1 2 2 4; 3 4 6 8; 3 6 4 8; 9 12 12 16] (+ bias 1).
        // Upstream r = 0..15 (4x4): dL/dx[i][j] = sum_ab w[a][b] r[2i+a][2j+b]
        //   = 1*0+2*1+3*4+4*5 = 34, 2+6+18+28 = 54, 8+18+36+52 = 114, 10+22+42+60 = 134;
        // dL/dw[a][b] = sum_ij x[i][j] r[2i+a][2j+b] = 0+4+24+40 = 68, 1+6+27+44 = 78, 4+12+36+56 = 108,
        //   5+14+39+60 = 118; dL/dbias = sum r = 120.
        Variable x = p(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Variable w = p(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Variable b = p(new float[] {1}, 1);
        Variable y = F.convTranspose2d(x, w, b, 2, 0, 0);
        assertArrayEquals(new float[] {2, 3, 3, 5, 4, 5, 7, 9, 4, 7, 5, 9, 10, 13, 13, 17}, y.value().data());
        y.backward(Tensor.of(range(16), 1, 1, 4, 4));
        assertArrayEquals(new float[] {34, 54, 114, 134}, x.grad().data());
        assertArrayEquals(new float[] {68, 78, 108, 118}, w.grad().data());
        assertArrayEquals(new float[] {120}, b.grad().data());
    }

    @Test
    void convTranspose2dWithPaddingAndOutputPadding() {
        // One input pixel x = 2, w = 1..9 (3x3), stride 2, padding 1, output padding 1: the full output
        // 2 w (3x3) loses its first row and column to the padding and is 2x2:
        // H' = (1 - 1) 2 - 2 + 3 + 1 = 2, y = 2 [w11 w12; w21 w22] = [10 12; 16 18].
        // L = sum y: dL/dx = 5+6+8+9 = 28; dL/dw = x on the four taps that reached the output, 0 elsewhere.
        Variable x = p(new float[] {2}, 1, 1, 1, 1);
        Variable w = p(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Variable y = F.convTranspose2d(x, w, null, 2, 1, 1);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {10, 12, 16, 18}, y.value().data());
        F.sum(y).backward();
        assertArrayEquals(new float[] {28}, x.grad().data());
        assertArrayEquals(new float[] {0, 0, 0, 0, 2, 2, 0, 2, 2}, w.grad().data());
    }

    @Test
    void maxPoolSendsTheGradientToTheFirstOfTiedMaxima() {
        // x = [1 3 3 0; 3 2 5 5], 2x2 windows, stride 2. Window 0 in row-major order: 1, 3, 3, 2: the max 3
        // is first reached at x01 (not x10). Window 1: 3, 0, 5, 5: first 5 at x12 (not x13).
        // Upstream [7, 11]: dx = [0 7 0 0; 0 0 11 0].
        Variable x = p(new float[] {1, 3, 3, 0, 3, 2, 5, 5}, 1, 1, 2, 4);
        Variable y = F.maxPool2d(x, 2, 2);
        assertArrayEquals(new float[] {3, 5}, y.value().data());
        y.backward(Tensor.of(new float[] {7, 11}, 1, 1, 1, 2));
        assertArrayEquals(new float[] {0, 7, 0, 0, 0, 0, 11, 0}, x.grad().data());

        // A constant image, 3x3 windows at stride 1: every window ties everywhere and picks its own
        // top-left pixel, so windows 0 and 1 send their gradients (2 and 5) to x00 and x01.
        Variable flat = Variable.parameter(Tensor.ones(1, 1, 3, 4));
        F.maxPool2d(flat, 3, 1).backward(Tensor.of(new float[] {2, 5}, 1, 1, 1, 2));
        assertArrayEquals(new float[] {2, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, flat.grad().data());

        // Overlapping windows that share their maximum (9 at x11) add both gradients there.
        Variable peak = p(new float[] {0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0}, 1, 1, 3, 4);
        F.maxPool2d(peak, 3, 1).backward(Tensor.of(new float[] {2, 5}, 1, 1, 1, 2));
        float[] expected = new float[12];
        expected[5] = 7;
        assertArrayEquals(expected, peak.grad().data());
    }

    @Test
    void batchNormTrainingForwardBackwardAndRunningStatistics() {
        // One channel, two images of 1x2: x = [2, 2 | 4, 4], M = 4, mean 3, biased var 1, eps 0: invStd 1,
        // xhat = [-1, -1, 1, 1]; gamma 2, beta 0.5: y = 2 xhat + 0.5 = [-1.5, -1.5, 2.5, 2.5].
        // Running statistics (start 0 and 1, momentum 0.1): mean 0.9*0 + 0.1*3 = 0.3;
        // var 0.9*1 + 0.1 * (1 * 4/3) (unbiased) = 1.0333...
        // L = y0 (upstream e0): dbeta = sum g = 1; dgamma = sum g xhat = -1;
        // dx = gamma invStd / M (M g - sum g - xhat sum(g xhat)) = 2/4 ([4 0 0 0] - 1 - (-1)[-1 -1 1 1])
        //    = 0.5 [2 -2 0 0] = [1 -1 0 0]. (Check by hand: moving x0 by d moves the mean by d/4 and the std
        //    by -d/4, so xhat0 = (-1 + 3d/4) / (1 - d/4) = -1 + d/2: dy0/dx0 = gamma/2 = 1.)
        Variable x = p(new float[] {2, 2, 4, 4}, 2, 1, 1, 2);
        Variable gamma = p(new float[] {2}, 1), beta = p(new float[] {0.5f}, 1);
        Tensor runningMean = Tensor.zeros(1), runningVar = Tensor.ones(1);
        Variable y = F.batchNorm2d(x, runningMean, runningVar, gamma, beta, true, 0.1f, 0f);
        assertArrayEquals(new float[] {-1.5f, -1.5f, 2.5f, 2.5f}, y.value().data(), 1e-6f);
        assertEquals(0.3f, runningMean.item(), 1e-7f);
        assertEquals(0.9 + 0.4 / 3, runningVar.item(), 1e-6);
        y.backward(Tensor.of(new float[] {1, 0, 0, 0}, 2, 1, 1, 2));
        assertArrayEquals(new float[] {1, -1, 0, 0}, x.grad().data(), 1e-6f);
        assertArrayEquals(new float[] {-1}, gamma.grad().data(), 1e-6f);
        assertArrayEquals(new float[] {1}, beta.grad().data(), 1e-6f);
    }

    @Test
    void batchNormWithFusedReluMasksTheGradientByTheOutput() {
        // As above, y = [-1.5, -1.5, 2.5, 2.5] before the ReLU, [0, 0, 2.5, 2.5] after. Upstream [1, 0, 1, 0]
        // is masked to g = [0, 0, 1, 0]: dbeta = 1, dgamma = sum g xhat = 1,
        // dx = 2/4 ([0 0 4 0] - 1 - 1 [-1 -1 1 1]) = 0.5 [0 0 2 -2] = [0 0 1 -1].
        Variable x = p(new float[] {2, 2, 4, 4}, 2, 1, 1, 2);
        Variable gamma = p(new float[] {2}, 1), beta = p(new float[] {0.5f}, 1);
        Variable y = F.batchNorm2dRelu(x, null, null, gamma, beta, true, 0.1f, 0f);
        assertArrayEquals(new float[] {0, 0, 2.5f, 2.5f}, y.value().data(), 1e-6f);
        y.backward(Tensor.of(new float[] {1, 0, 1, 0}, 2, 1, 1, 2));
        assertArrayEquals(new float[] {0, 0, 1, -1}, x.grad().data(), 1e-6f);
        assertArrayEquals(new float[] {1}, gamma.grad().data(), 1e-6f);
        assertArrayEquals(new float[] {1}, beta.grad().data(), 1e-6f);
    }

    @Test
    void batchNormEvaluationUsesTheRunningStatistics() {
        // Running mean 3, var 4, eps 0: xhat = (x - 3) / 2 = [-0.5, -0.5, 0.5, 0.5], y = 2 xhat + 0.5 =
        // [-0.5, -0.5, 1.5, 1.5]. Upstream e0: dx = g gamma / 2 = [1 0 0 0] (no batch coupling),
        // dgamma = sum g xhat = -0.5, dbeta = 1. The running statistics do not move.
        Variable x = p(new float[] {2, 2, 4, 4}, 2, 1, 1, 2);
        Variable gamma = p(new float[] {2}, 1), beta = p(new float[] {0.5f}, 1);
        Tensor runningMean = Tensor.full(3f, 1), runningVar = Tensor.full(4f, 1);
        Variable y = F.batchNorm2d(x, runningMean, runningVar, gamma, beta, false, 0.1f, 0f);
        assertArrayEquals(new float[] {-0.5f, -0.5f, 1.5f, 1.5f}, y.value().data(), 1e-6f);
        runningMean.fill(100f);  // a later training step moves the buffers: backward must not see it
        y.backward(Tensor.of(new float[] {1, 0, 0, 0}, 2, 1, 1, 2));
        assertArrayEquals(new float[] {1, 0, 0, 0}, x.grad().data(), 1e-6f);
        assertArrayEquals(new float[] {-0.5f}, gamma.grad().data(), 1e-6f);
        assertArrayEquals(new float[] {1}, beta.grad().data(), 1e-6f);
        assertEquals(4f, runningVar.item());
    }

    @Test
    void runningStatisticsFollowPyTorchsMomentum() {
        // Two steps with momentum 0.25 from (0, 1): batch 1 has mean 3, unbiased var 4/3 ([2, 2, 4, 4]);
        // batch 2 has mean 0, unbiased var 4/3 ([-1, -1, 1, 1]).
        // step 1: mean 0.75, var 0.75 + 0.25 * 4/3 = 1.0833; step 2: mean 0.5625, var 0.8125 + 1/3 = 1.1458.
        Tensor m = Tensor.zeros(1), v = Tensor.ones(1);
        F.batchNorm2d(Variable.constant(Tensor.of(new float[] {2, 2, 4, 4}, 1, 1, 2, 2)), m, v, null, null, true, 0.25f, 1e-5f);
        assertEquals(0.75f, m.item(), 1e-7f);
        assertEquals(0.75 + 1.0 / 3, v.item(), 1e-6);
        try (var g = Graph.noGrad()) {  // statistics move under no-grad too, as in PyTorch
            F.batchNorm2d(Variable.constant(Tensor.of(new float[] {-1, -1, 1, 1}, 1, 1, 2, 2)), m, v, null, null, true, 0.25f, 1e-5f);
        }
        assertEquals(0.5625f, m.item(), 1e-7f);
        assertEquals(0.75 * (0.75 + 1.0 / 3) + 1.0 / 3, v.item(), 1e-6);
    }

    @Test
    void averagePoolsAndUpsamplingSpreadAndSum() {
        // avg-pool 2x2 of [1 2; 3 4] = 2.5; its gradient spreads g/4 to each pixel.
        Variable x = p(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Variable y = F.avgPool2d(x, 2, 2);
        assertEquals(2.5f, y.item());
        y.backward(Tensor.full(8f, 1, 1, 1, 1));
        assertArrayEquals(new float[] {2, 2, 2, 2}, x.grad().data());
        // Adaptive pooling of a 2x4 plane to 1x2: tiles [1 2; 5 6] and [3 4; 7 8] give 3.5 and 5.5.
        Variable z = F.adaptiveAvgPool2d(Variable.constant(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4)), 1, 2);
        assertArrayEquals(new float[] {3.5f, 5.5f}, z.value().data());
        // Nearest upsampling x2 copies each pixel into a 2x2 block; its gradient sums the block.
        Variable u = p(new float[] {1, 2}, 1, 1, 1, 2);
        Variable up = F.upsampleNearest2d(u, 2);
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2}, up.value().data());
        up.backward(Tensor.of(range(8), 1, 1, 2, 4));
        assertArrayEquals(new float[] {0 + 1 + 4 + 5, 2 + 3 + 6 + 7}, u.grad().data());
    }

    @Test
    void aUNetStageAtVectorWidthsPassesTheDirectionalCheck() {
        // Sizes whose rows are whole vectors (the kernels' row mode) and odd ones (their tails):
        // conv + batch-norm + ReLU, max-pool, conv, conv-transpose back up, skip concat, conv.
        // A directional step moves thousands of values at once, so with steps of 1e-3 some ReLU inputs and
        // max-pool near-ties cross their kink and the difference quotient is off by a few percent (that
        // is measured: the error grows with the step and vanishes below it); the smooth twin of the stage
        // (no ReLU, average pool) takes the standard step, the kinked one a step of 1e-4.
        for (int[] hw : new int[][] {{16, 32}, {10, 14}}) {
            int h = hw[0], w = hw[1];
            Tensor x = OpRegistry.rand(2, 3, h, w);
            Tensor w1 = OpRegistry.rand(-0.3f, 0.3f, 6, 3, 3, 3), b1 = OpRegistry.rand(6);
            Tensor gamma = OpRegistry.rand(0.5f, 1.5f, 6), beta = OpRegistry.rand(6);
            Tensor w2 = OpRegistry.rand(-0.3f, 0.3f, 6, 6, 3, 3), wt = OpRegistry.rand(-0.3f, 0.3f, 6, 6, 2, 2);
            Tensor w3 = OpRegistry.rand(-0.3f, 0.3f, 4, 12, 3, 3);
            for (boolean kinks : new boolean[] {false, true}) {
                GradCheck check = kinks ? GradCheck.standard().step(1e-4) : GradCheck.standard();
                check.checkDirections(v -> {
                    Variable c = F.conv2d(v[0], v[1], v[2], 1, 1);
                    Variable a = kinks ? F.batchNorm2dRelu(c, null, null, v[3], v[4], true, 0.1f, 1e-5f)
                            : F.batchNorm2d(c, null, null, v[3], v[4], true, 0.1f, 1e-5f);
                    Variable pooled = kinks ? F.maxPool2d(a, 2, 2) : F.avgPool2d(a, 2, 2);
                    Variable up = F.convTranspose2d(F.conv2d(pooled, v[5], null, 1, 1), v[6], null, 2, 0, 0);
                    return F.conv2d(F.concat(1, up, a), v[7], null, 1, 1);
                }, 4, x, w1, b1, gamma, beta, w2, wt, w3).assertOk();
            }
        }
    }

    // ------------------------------------------------------------------ only the wanted gradients

    @Test
    void theFirstConvolutionSkipsTheInputGradient() {
        Variable image = Variable.constant(Tensor.ones(2, 1, 5, 5));
        Variable w = Variable.parameter(Tensor.ones(3, 1, 3, 3)), b = Variable.parameter(Tensor.zeros(3));
        Variable y = F.conv2d(image, w, b, 1, 1);
        Tensor[] grads = y.creator().backward(Tensor.ones(y.shape()));
        assertNull(grads[0], "no input gradient for data");
        assertNotNull(grads[1]);
        assertNotNull(grads[2]);

        // Frozen weights: only the input gradient.
        Variable x = Variable.parameter(Tensor.ones(2, 1, 5, 5));
        Variable frozen = F.convTranspose2d(x, Variable.constant(Tensor.ones(1, 2, 2, 2)), null, 2, 0, 0);
        Tensor[] g2 = frozen.creator().backward(Tensor.ones(frozen.shape()));
        assertNotNull(g2[0]);
        assertNull(g2[1]);
    }

    @Test
    void batchNormSkipsConstantAffineParameters() {
        Variable x = Variable.parameter(Tensor.uniform(Tensor.rng(3), -1f, 1f, 2, 2, 3, 3));
        Variable gamma = Variable.constant(Tensor.ones(2)), beta = Variable.parameter(Tensor.zeros(2));
        for (boolean training : new boolean[] {true, false}) {
            Variable y = F.batchNorm2d(x, Tensor.zeros(2), Tensor.ones(2), gamma, beta, training, 0.1f, 1e-5f);
            Tensor[] g = y.creator().backward(Tensor.ones(y.shape()));
            assertNotNull(g[0]);
            assertNull(g[1], "gamma is a constant");
            assertNotNull(g[2]);
        }
    }

    @Test
    void spatialOpsRecordNothingForConstantsOrUnderNoGrad() {
        Variable image = Variable.constant(Tensor.ones(1, 1, 4, 4));
        assertFalse(F.maxPool2d(image, 2, 2).requiresGrad());
        try (var g = Graph.noGrad()) {
            Variable w = Variable.parameter(Tensor.ones(1, 1, 3, 3));
            assertNull(F.conv2d(image, w, null, 1, 1).creator());
        }
    }

    @Test
    void badShapesGiveOneLineMessagesNamingTheOperation() {
        Variable x = Variable.parameter(Tensor.ones(1, 2, 5, 5));
        var e = assertThrows(IllegalArgumentException.class, () -> F.conv2d(x, Variable.parameter(Tensor.ones(4, 3, 3, 3)), null, 1, 1));
        assertTrue(e.getMessage().startsWith("conv2d") && e.getMessage().contains("[1, 2, 5, 5]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.adaptiveAvgPool2d(x, 2, 3));
        assertTrue(e.getMessage().startsWith("adaptive_avg_pool2d") && e.getMessage().contains("2x3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> F.batchNorm2d(x, null, null, Variable.parameter(Tensor.ones(3)), null, true, 0.1f, 1e-5f));
        assertTrue(e.getMessage().startsWith("batch_norm"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.batchNorm2d(x, null, null, null, null, false, 0.1f, 1e-5f));
        assertTrue(e.getMessage().contains("running mean"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
