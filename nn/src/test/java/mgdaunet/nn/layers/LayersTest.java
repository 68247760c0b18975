package mgdaunet.nn.layers;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Each layer's output shape and values on small cases computed by hand, its parameters and their names. */
class LayersTest {
    private static Variable in(float[] v, int... shape) {
        return Variable.constant(Tensor.of(v, shape));
    }

    private static Tensor run(mgdaunet.nn.Module m, Variable x) {
        try (var g = Graph.noGrad()) {
            return m.forward(x).value();
        }
    }

    @Test
    void conv2dComputesTheCrossCorrelationWithItsWeightsAndBias() {
        Conv2d conv = new Conv2d(1, 2, 2, 1, 0, true, Tensor.rng(1));
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        // Filter 0 = [1 0; 0 -1] (a diagonal difference), filter 1 = all 0.25 (a mean); biases 0.5 and 0.
        conv.weight().value().copyFrom(Tensor.of(new float[] {1, 0, 0, -1, 0.25f, 0.25f, 0.25f, 0.25f}, 2, 1, 2, 2));
        conv.bias().value().copyFrom(Tensor.of(new float[] {0.5f, 0}, 2));
        // x = [1 2 3; 4 5 6]: filter 0 gives 1-5+0.5, 2-6+0.5; filter 1 the window means 3, 4.
        Tensor y = run(conv, in(new float[] {1, 2, 3, 4, 5, 6}, 1, 1, 2, 3));
        assertArrayEquals(new int[] {1, 2, 1, 2}, y.shape());
        assertArrayEquals(new float[] {-3.5f, -3.5f, 3, 4}, y.data());
        // Stride 2 and padding 1 on a 5x5 input: (5 + 2 - 3) / 2 + 1 = 3.
        assertArrayEquals(new int[] {2, 4, 3, 3}, run(new Conv2d(3, 4, 3, 2, 1, false, Tensor.rng(1)), Variable.constant(Tensor.zeros(2, 3, 5, 5))).shape());
    }

    @Test
    void defaultInitializationIsPyTorchsAndSeeded() {
        // fanIn = 16 * 3 * 3 = 144: weights and biases in (-1/12, 1/12), spread over that range.
        Conv2d a = new Conv2d(16, 8, 3, 1, 1, true, Tensor.rng(7)), b = new Conv2d(16, 8, 3, 1, 1, true, Tensor.rng(7));
        float bound = 1f / 12f, max = 0f;
        for (float v : a.weight().value().data()) {
            assertTrue(Math.abs(v) <= bound, "weight " + v);
            max = Math.max(max, Math.abs(v));
        }
        assertTrue(max > 0.9f * bound, "the weights fill their range: max " + max);
        for (float v : a.bias().value().data()) assertTrue(Math.abs(v) <= bound, "bias " + v);
        assertEquals(a.weight().value(), b.weight().value(), "same seed, same weights");
        assertNotEquals(a.weight().value(), new Conv2d(16, 8, 3, 1, 1, true, Tensor.rng(8)).weight().value());
        // Linear: fanIn = in features.
        for (float v : new Linear(25, 3, Tensor.rng(1)).weight().value().data()) assertTrue(Math.abs(v) <= 0.2f);
    }

    @Test
    void convTranspose2dDoublesTheResolutionWithKernel2Stride2() {
        ConvTranspose2d up = ConvTranspose2d.upsampling(1, 2, false, Tensor.rng(1));
        assertArrayEquals(new int[] {1, 1, 2, 2}, up.weight().shape());
        up.weight().value().copyFrom(Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        // Each input pixel writes itself times the kernel into its own 2x2 block.
        Tensor y = run(up, in(new float[] {1, 10}, 1, 1, 1, 2));
        assertArrayEquals(new float[] {1, 2, 10, 20, 3, 4, 30, 40}, y.data());
        assertArrayEquals(new int[] {2, 3, 10, 14},
                run(new ConvTranspose2d(4, 3, 2, 2, 0, 0, true, Tensor.rng(2)), Variable.constant(Tensor.zeros(2, 4, 5, 7))).shape());
        assertArrayEquals(new int[] {1, 3, 10, 14}, // (5 - 1) 2 - 2 + 3 + 1 = 10
                run(new ConvTranspose2d(4, 3, 3, 2, 1, 1, true, Tensor.rng(2)), Variable.constant(Tensor.zeros(1, 4, 5, 7))).shape());
    }

    @Test
    void poolingAndUpsamplingLayers() {
        Variable x = in(new float[] {1, 5, 2, 0, 3, 4, 8, 6, -1, 0, 7, 7, 2, 2, 3, 9}, 1, 1, 4, 4);
        // 2x2 windows: max of [1 5; 3 4] = 5, [2 0; 8 6] = 8, [-1 0; 2 2] = 2, [7 7; 3 9] = 9.
        assertArrayEquals(new float[] {5, 8, 2, 9}, run(new MaxPool2d(2), x).data());
        assertArrayEquals(new float[] {13 / 4f, 16 / 4f, 3 / 4f, 26 / 4f}, run(new AvgPool2d(2), x).data());
        // 3x3 windows at stride 1: 2x2 outputs.
        assertArrayEquals(new float[] {8, 8, 8, 9}, run(new MaxPool2d(3, 1, 0), x).data());
        // Adaptive to 1x2: the left and right 4x2 halves; global: the mean of all 16.
        assertArrayEquals(new float[] {16 / 8f, 42 / 8f}, run(new AdaptiveAvgPool2d(1, 2), x).data());
        assertArrayEquals(new float[] {58 / 16f}, run(AdaptiveAvgPool2d.global(), x).data());
        assertArrayEquals(new int[] {1, 1, 1, 1}, run(AdaptiveAvgPool2d.global(), x).shape());
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2}, run(new Upsample(2), in(new float[] {1, 2}, 1, 1, 1, 2)).data());
        // A 4 x 6 grid over 32 x 42 (the digit heads' pooling of a 64 x 84 scene after a stride-2 conv).
        assertArrayEquals(new int[] {2, 8, 4, 6}, run(new AdaptiveAvgPool2d(4, 6), Variable.constant(Tensor.ones(2, 8, 32, 42))).shape());
        assertThrows(IllegalArgumentException.class, () -> run(new AdaptiveAvgPool2d(4, 5), Variable.constant(Tensor.ones(1, 1, 32, 42))));
    }

    @Test
    void activationsFlattenIdentityAndLinear() {
        Variable x = in(new float[] {-2, -0.5f, 0, 3}, 1, 4);
        assertArrayEquals(new float[] {0, 0, 0, 3}, run(new ReLU(), x).data());
        assertArrayEquals(new float[] {-0.02f, -0.005f, 0, 3}, run(new LeakyReLU(), x).data(), 1e-8f);
        assertArrayEquals(new float[] {-0.4f, -0.1f, 0, 3}, run(new LeakyReLU(0.2f), x).data(), 1e-7f);
        assertSame(x, new Identity().forward(x));
        Variable image = Variable.constant(Tensor.arange(24).reshape(2, 3, 2, 2));
        Tensor flat = run(new Flatten(), image);
        assertArrayEquals(new int[] {2, 12}, flat.shape());
        assertSame(image.value().data(), flat.data(), "a view: nothing copied");

        // y = x W^T + b with W = [1 2; 3 4; 5 6], b = [0.1, 0.2, 0.3], x = [1, 2]: [5.1, 11.2, 17.3].
        Linear fc = new Linear(2, 3, Tensor.rng(1));
        assertArrayEquals(new int[] {3, 2}, fc.weight().shape());
        fc.weight().value().copyFrom(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2));
        fc.bias().value().copyFrom(Tensor.of(new float[] {0.1f, 0.2f, 0.3f}, 3));
        assertArrayEquals(new float[] {5.1f, 11.2f, 17.3f}, run(fc, in(new float[] {1, 2}, 1, 2)).data(), 1e-6f);
        // Its gradients: dL/dW = g^T x, dL/db = g, for L = sum y: rows of W get x, b gets ones.
        F.sum(fc.forward(in(new float[] {1, 2}, 1, 2))).backward();
        assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2}, fc.weight().grad().data());
        assertArrayEquals(new float[] {1, 1, 1}, fc.bias().grad().data());
        assertNull(new Linear(2, 3, false, Tensor.rng(1)).bias());
        assertThrows(IllegalArgumentException.class, () -> run(fc, in(new float[] {1, 2, 3}, 1, 3)));
    }

    @Test
    void dropoutZeroesAndScalesInTrainingOnlyAndIsSeeded() {
        Dropout d = new Dropout(0.25f, Tensor.rng(3));
        Variable x = Variable.constant(Tensor.ones(4000));
        Tensor y = run(d, x);
        int zeros = 0;
        for (float v : y.data()) {
            assertTrue(v == 0f || Math.abs(v - 4f / 3f) < 1e-6f, "value " + v);
            if (v == 0f) zeros++;
        }
        assertTrue(Math.abs(zeros - 1000) < 120, zeros + " of 4000 dropped, expected about 1000");
        assertEquals(y, run(new Dropout(0.25f, Tensor.rng(3)), x), "the same seed drops the same values");
        d.eval();
        assertSame(x, d.forward(x));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1f, Tensor.rng(1)));
    }

    @Test
    void batchNormNormalizesWithTheBatchInTrainingAndTheRunningStatisticsInEvaluation() {
        BatchNorm2d bn = new BatchNorm2d(2);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
        assertEquals(List.of("num_batches_tracked"), List.copyOf(bn.integerStateNames()));
        // Channel 0 holds [0, 2, 4, 6] (mean 3, biased var 5, unbiased 20/3), channel 1 [1, 1, 1, 1].
        Variable x = in(new float[] {0, 2, 1, 1, 4, 6, 1, 1}, 2, 2, 1, 2);
        Tensor y = run(bn, x);
        float s = (float) (1 / Math.sqrt(5 + 1e-5));
        assertArrayEquals(new float[] {-3 * s, -s, 0, 0, s, 3 * s, 0, 0}, y.data(), 1e-6f);
        assertArrayEquals(new float[] {0.3f, 0.1f}, bn.runningMean().data(), 1e-7f);
        assertArrayEquals(new float[] {0.9f + 2f / 3f, 0.9f}, bn.runningVar().data(), 1e-6f);
        assertEquals(1, bn.batchesTracked());
        bn.eval();
        Tensor e = run(bn, x);
        assertEquals((0 - 0.3f) / (float) Math.sqrt(0.9f + 2f / 3f + 1e-5f), e.data()[0], 1e-6f);
        assertEquals(1, bn.batchesTracked(), "evaluation does not count");

        // momentum null: a cumulative average, PyTorch's 1 / num_batches_tracked factor.
        BatchNorm2d avg = new BatchNorm2d(1, 1e-5f, null, true, true);
        run(avg, in(new float[] {1, 3}, 1, 1, 1, 2));
        run(avg, in(new float[] {5, 7}, 1, 1, 1, 2));
        assertEquals(4f, avg.runningMean().item(), 1e-6f);  // (2 + 6) / 2
        assertEquals(2f, avg.runningVar().item(), 1e-6f);   // unbiased var 2 both times

        // Without running statistics: batch statistics in both modes, nothing in the state dict but gamma, beta.
        BatchNorm2d plain = new BatchNorm2d(2, 1e-5f, 0.1f, true, false);
        assertEquals(List.of("weight", "bias"), List.copyOf(plain.stateDict().keySet()));
        plain.eval();
        assertArrayEquals(y.data(), run(plain, x).data(), 1e-6f);
        assertTrue(new BatchNorm2d(2, 1e-5f, 0.1f, false, true).ownParameters().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> run(bn, in(new float[] {1, 2, 3}, 1, 3, 1, 1)));
    }

    @Test
    void sequentialNamesItsLayersByIndexAndFusesBatchNormWithReLU() {
        Sequential fused = new Sequential(new Conv2d(2, 3, 3, 1, 1, true, Tensor.rng(4)), new BatchNorm2d(3), new ReLU());
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"),
                List.copyOf(fused.stateDict().keySet()));
        // The same layers run one by one (a ReLU not directly after the batch-norm is not fused).
        Conv2d conv = new Conv2d(2, 3, 3, 1, 1, true, Tensor.rng(4));
        BatchNorm2d bn = new BatchNorm2d(3);
        Sequential separate = new Sequential(conv, bn, new Identity(), new ReLU());
        Tensor x = Tensor.uniform(Tensor.rng(5), -1f, 1f, 2, 2, 5, 6);
        Variable a = fused.forward(Variable.constant(x)), b = separate.forward(Variable.constant(x));
        assertEquals(0f, a.value().maxAbsDiff(b.value()));
        F.sum(F.mul(a, a)).backward();
        F.sum(F.mul(b, b)).backward();
        var pa = fused.parameters();
        var pb = separate.parameters();
        for (int i = 0; i < pa.size(); i++) assertTrue(pa.get(i).grad().maxAbsDiff(pb.get(i).grad()) < 1e-6f, "parameter " + i);
        assertEquals(bn.runningMean(), ((BatchNorm2d) fused.get(1)).runningMean());
    }

    /** Sets gamma, beta and the running statistics to values far from their defaults (variances in [0.2, 3]). */
    private static void randomizeStatistics(BatchNorm2d bn, long seed) {
        int c = bn.runningMean().dim(0);
        var rng = Tensor.rng(seed);
        bn.weight().value().copyFrom(Tensor.uniform(rng, 0.5f, 2f, c));
        bn.bias().value().copyFrom(Tensor.uniform(rng, -1f, 1f, c));
        bn.runningMean().copyFrom(Tensor.uniform(rng, -0.5f, 0.5f, c));
        bn.runningVar().copyFrom(Tensor.uniform(rng, 0.2f, 3f, c));
    }

    @Test
    void inferenceFoldsBatchNormIntoTheConvolutionWithTheSameResult() {
        for (boolean relu : new boolean[] {true, false}) {
            Conv2d conv = new Conv2d(3, 5, 3, 1, 1, true, Tensor.rng(6));
            BatchNorm2d bn = new BatchNorm2d(5);
            randomizeStatistics(bn, 7);
            Sequential seq = relu ? new Sequential(conv, bn, new ReLU()) : new Sequential(conv, bn);
            seq.eval();
            Tensor x = Tensor.uniform(Tensor.rng(8), -1f, 1f, 2, 3, 6, 7);
            Tensor folded = run(seq, Variable.constant(x));
            // The layers one by one (Module.forward of each never folds).
            Tensor expected;
            try (var g = Graph.noGrad()) {
                Variable y = bn.forward(conv.forward(Variable.constant(x)));
                expected = (relu ? F.relu(y) : y).value();
            }
            assertArrayEquals(expected.shape(), folded.shape());
            float scale = expected.abs().max().item();
            assertTrue(folded.maxAbsDiff(expected) <= 1e-5f * scale, "relu " + relu + ": " + folded.maxAbsDiff(expected));
            if (relu) {
                int zeros = 0;
                for (float v : folded.data()) {
                    assertTrue(v >= 0f);
                    if (v == 0f) zeros++;
                }
                assertTrue(zeros > 0, "the ReLU clamps");
            }
        }
    }

    @Test
    void foldingNeverAppliesInTrainingOrWhileAGraphIsRecorded() {
        Conv2d conv = new Conv2d(2, 3, 3, 1, 1, false, Tensor.rng(9));
        BatchNorm2d bn = new BatchNorm2d(3);
        randomizeStatistics(bn, 10);
        Sequential seq = new Sequential(conv, bn, new ReLU());
        Variable x = Variable.constant(Tensor.uniform(Tensor.rng(11), -1f, 1f, 2, 2, 4, 5));
        // Training mode under noGrad: the batch's statistics, and the running ones move.
        Tensor mean = bn.runningMean().copy();
        run(seq, x);
        assertEquals(1, bn.batchesTracked());
        assertTrue(bn.runningMean().maxAbsDiff(mean) > 0f);
        // Evaluation with a graph: the layers run one by one, so gradients reach the convolution and gamma.
        seq.eval();
        Variable y = seq.forward(x);
        F.sum(y).backward();
        assertNotNull(conv.weight().grad());
        assertNotNull(bn.weight().grad());
        assertThrows(IllegalStateException.class, () -> new BatchNorm2d(3).fold(conv.weight().value(), null));
    }
}
