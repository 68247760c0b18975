package mgdaunet.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import mgdaunet.autograd.ops.*;
import mgdaunet.tensor.Tensor;

/**
 * Every differentiable op on small random inputs: odd sizes, broadcasting, batch 1, one channel.
 * {@link OpGradientTest} runs the gradient check over all of them. Adding an op means adding its
 * cases here, in the group it belongs to.
 */
final class OpRegistry {
    private OpRegistry() {}

    /** One function to check, the op class it exercises, and its inputs (each one differentiated). */
    record OpCase(String name, Class<? extends Op> op, Function<Variable[], Variable> f, Tensor... inputs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<OpCase> all() {
        List<OpCase> all = new ArrayList<>();
        all.addAll(arithmetic());
        all.addAll(elementwise());
        all.addAll(reductions());
        all.addAll(matricesAndShapes());
        all.addAll(probabilitiesAndLosses());
        all.addAll(spatial());
        return all;
    }

    // ------------------------------------------------------------------ inputs

    private static long seed = 100;

    /** Uniform in [lo, hi). */
    static Tensor rand(float lo, float hi, int... shape) {
        return Tensor.uniform(Tensor.rng(seed++), lo, hi, shape);
    }

    static Tensor rand(int... shape) {
        return rand(-2f, 2f, shape);
    }

    /** Uniform in [-2, 2) from a seed of its own: leaves {@link #rand}'s sequence alone. */
    static Tensor seeded(long seed, int... shape) {
        return Tensor.uniform(Tensor.rng(seed), -2f, 2f, shape);
    }

    /** Magnitudes in [0.2, 2] with random signs: far from the kinks of relu and the pole of 1/x. */
    static Tensor awayFromZero(int... shape) {
        Tensor t = rand(0.2f, 2f, shape);
        Random r = new Random(seed++);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) if (r.nextBoolean()) d[i] = -d[i];
        return t;
    }

    /** Values at least 0.05 apart in a random order: max has no near-ties. */
    static Tensor distinct(int... shape) {
        Tensor t = Tensor.zeros(shape);
        float[] d = t.data();
        Random r = new Random(seed++);
        for (int i = 0; i < d.length; i++) d[i] = (i - d.length / 2) * 0.05f;
        for (int i = d.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float x = d[i];
            d[i] = d[j];
            d[j] = x;
        }
        return t;
    }

    static int[] classes(int n, int numClasses, boolean withIgnored) {
        Random r = new Random(seed++);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = withIgnored && i % 5 == 2 ? CrossEntropy.DEFAULT_IGNORE_INDEX : r.nextInt(numClasses);
        return t;
    }

    private static OpCase c(String name, Class<? extends Op> op, Function<Variable[], Variable> f, Tensor... inputs) {
        return new OpCase(name, op, f, inputs);
    }

    // ------------------------------------------------------------------ groups

    static List<OpCase> arithmetic() {
        return List.of(
                c("add same shape", Add.class, v -> F.add(v[0], v[1]), rand(3, 5), rand(3, 5)),
                c("add row vector", Add.class, v -> F.add(v[0], v[1]), rand(2, 3, 5), rand(5)),
                c("add outer", Add.class, v -> F.add(v[0], v[1]), rand(3, 1), rand(1, 4)),
                c("add rank-0", Add.class, v -> F.add(v[0], v[1]), rand(), rand(2, 3)),
                c("add batch 1 channel bias", Add.class, v -> F.add(v[0], v[1]), rand(1, 3, 2, 5), rand(1, 3, 1, 1)),
                c("sub row vector", Sub.class, v -> F.sub(v[0], v[1]), rand(2, 3), rand(3)),
                c("sub outer", Sub.class, v -> F.sub(v[0], v[1]), rand(3, 1), rand(1, 4)),
                c("mul column", Mul.class, v -> F.mul(v[0], v[1]), rand(2, 3, 5), rand(3, 1)),
                c("mul rank-0", Mul.class, v -> F.mul(v[0], v[1]), rand(), rand(7)),
                c("mul same input twice", Mul.class, v -> F.mul(v[0], v[0]), rand(9)),
                c("div row vector", Div.class, v -> F.div(v[0], v[1]), rand(2, 3), awayFromZero(3)),
                c("div outer", Div.class, v -> F.div(v[0], v[1]), rand(3, 1), awayFromZero(1, 4)),
                c("add scalar", AddScalar.class, v -> F.add(v[0], 2.5f), rand(3, 5)),
                c("sub scalar", AddScalar.class, v -> F.sub(v[0], 2.5f), rand(4)),
                c("mul scalar", MulScalar.class, v -> F.mul(v[0], -1.5f), rand(3, 5)),
                c("div scalar", MulScalar.class, v -> F.div(v[0], 4f), rand(5)),
                c("neg", Neg.class, v -> F.neg(v[0]), rand(3, 5)));
    }

    static List<OpCase> elementwise() {
        return List.of(
                c("exp", Exp.class, v -> F.exp(v[0]), rand(2, 7)),
                c("log", Log.class, v -> F.log(v[0]), rand(0.5f, 3f, 3, 5)),
                c("sqrt", Sqrt.class, v -> F.sqrt(v[0]), rand(0.5f, 3f, 9)),
                c("pow 2.5", Pow.class, v -> F.pow(v[0], 2.5f), rand(0.5f, 2f, 7)),
                c("pow -1.5", Pow.class, v -> F.pow(v[0], -1.5f), rand(0.5f, 2f, 7)),
                c("pow 3 of signed values", Pow.class, v -> F.pow(v[0], 3f), rand(3, 3)),
                c("pow 2", Pow.class, v -> F.pow(v[0], 2f), rand(5)),
                c("relu", Relu.class, v -> F.relu(v[0]), awayFromZero(3, 7)),
                c("leaky relu", LeakyRelu.class, v -> F.leakyRelu(v[0], 0.1f), awayFromZero(3, 7)),
                c("sigmoid", Sigmoid.class, v -> F.sigmoid(v[0]), rand(-4f, 4f, 2, 9)),
                c("tanh", Tanh.class, v -> F.tanh(v[0]), rand(11)));
    }

    static List<OpCase> reductions() {
        return List.of(
                c("sum all", Sum.class, v -> F.sum(v[0]), rand(3, 4, 5)),
                c("sum dim 1 keep", Sum.class, v -> F.sum(v[0], new int[] {1}, true), rand(3, 4, 5)),
                c("sum dims 0,2", Sum.class, v -> F.sum(v[0], new int[] {0, 2}, false), rand(3, 4, 5)),
                c("sum last", Sum.class, v -> F.sum(v[0], new int[] {-1}, false), rand(5, 7)),
                c("mean all", Sum.class, v -> F.mean(v[0]), rand(3, 5)),
                c("mean batch-norm dims keep", Sum.class, v -> F.mean(v[0], new int[] {0, 2, 3}, true), rand(2, 3, 4, 5)),
                c("mean channels", Sum.class, v -> F.mean(v[0], new int[] {1}, false), rand(1, 3, 3, 3)),
                c("max dim 1 keep", Max.class, v -> F.max(v[0], 1, true), distinct(3, 5)),
                c("max dim 0", Max.class, v -> F.max(v[0], 0, false), distinct(4, 3, 2)),
                c("max over classes", Max.class, v -> F.max(v[0], 1, false), distinct(2, 4, 3, 3)));
    }

    static List<OpCase> matricesAndShapes() {
        return List.of(
                c("matmul 2-D", MatMul.class, v -> F.matmul(v[0], v[1]), rand(3, 4), rand(4, 5)),
                c("matmul batched", MatMul.class, v -> F.matmul(v[0], v[1]), rand(2, 3, 4), rand(2, 4, 5)),
                c("matmul batch x shared", MatMul.class, v -> F.matmul(v[0], v[1]), rand(2, 3, 4), rand(4, 5)),
                c("matmul shared x batch", MatMul.class, v -> F.matmul(v[0], v[1]), rand(3, 4), rand(2, 4, 5)),
                c("matmul 1x1", MatMul.class, v -> F.matmul(v[0], v[1]), rand(1, 1), rand(1, 1)),
                c("reshape", Reshape.class, v -> F.reshape(v[0], 6, -1), rand(2, 3, 4)),
                c("flatten", Reshape.class, v -> F.flatten(v[0]), rand(2, 3, 2, 2)),
                c("permute to NHWC", Permute.class, v -> F.permute(v[0], 0, 2, 3, 1), rand(2, 3, 4, 5)),
                c("transpose", Permute.class, v -> F.transpose(v[0], 0, 1), rand(3, 5)),
                c("concat channels", Concat.class, v -> F.concat(1, v[0], v[1], v[2]), rand(2, 3, 4), rand(2, 1, 4), rand(2, 2, 4)),
                c("concat batch", Concat.class, v -> F.concat(0, v[0], v[1]), rand(1, 3), rand(2, 3)),
                c("slice", Slice.class, v -> F.slice(v[0], 1, 2, 5), rand(3, 7)),
                c("pad2d", Pad2d.class, v -> F.pad2d(v[0], 1, 0, 2, 1, 0.5f), rand(1, 2, 3, 5)),
                c("crop2d", Crop2d.class, v -> F.crop2d(v[0], 1, 2, 3, 3), rand(2, 1, 5, 6)));
    }

    static List<OpCase> probabilitiesAndLosses() {
        float[] weights = {0.5f, 2f, 1f, 1.5f};
        int[] rowTargets = classes(5, 4, false), rowTargetsIgnored = classes(5, 4, true);
        int[] pixelTargets = classes(2 * 3 * 5, 4, true), onePixelBatch = classes(4, 3, false);
        Tensor bceTargets = rand(0f, 1f, 3, 5);
        return List.of(
                c("softmax rows", Softmax.class, v -> F.softmax(v[0], 1), rand(3, 5)),
                c("softmax channels", Softmax.class, v -> F.softmax(v[0], 1), rand(2, 3, 4, 5)),
                c("log-softmax rows", LogSoftmax.class, v -> F.logSoftmax(v[0], -1), rand(4, 7)),
                c("log-softmax channels", LogSoftmax.class, v -> F.logSoftmax(v[0], 1), rand(2, 4, 3, 3)),
                c("cross-entropy mean", CrossEntropy.class, v -> F.crossEntropy(v[0], rowTargets), rand(5, 4)),
                c("cross-entropy weighted, ignore", CrossEntropy.class,
                        v -> F.crossEntropy(v[0], rowTargetsIgnored, weights, CrossEntropy.DEFAULT_IGNORE_INDEX, Reduction.MEAN), rand(5, 4)),
                c("cross-entropy sum", CrossEntropy.class,
                        v -> F.crossEntropy(v[0], rowTargets, null, CrossEntropy.DEFAULT_IGNORE_INDEX, Reduction.SUM), rand(5, 4)),
                c("cross-entropy pixel-wise", CrossEntropy.class,
                        v -> F.crossEntropy(v[0], pixelTargets, weights, CrossEntropy.DEFAULT_IGNORE_INDEX, Reduction.MEAN), rand(2, 4, 3, 5)),
                c("cross-entropy pixel-wise batch 1", CrossEntropy.class, v -> F.crossEntropy(v[0], onePixelBatch), rand(1, 3, 2, 2)),
                c("bce with logits mean", BinaryCrossEntropyWithLogits.class, v -> F.binaryCrossEntropyWithLogits(v[0], bceTargets), rand(-4f, 4f, 3, 5)),
                c("bce with logits sum", BinaryCrossEntropyWithLogits.class,
                        v -> F.binaryCrossEntropyWithLogits(v[0], bceTargets, Reduction.SUM), rand(-4f, 4f, 3, 5)),
                c("dropout", Dropout.class, v -> Dropout.apply(v[0], 0.3f, 77), rand(4, 6)));
    }

    /**
     * Values whose channel mean is exactly the middle of a symmetric set, at least 0.5 from it: every
     * normalized value of batch-norm stays well away from 0, the kink of a fused ReLU.
     */
    static Tensor symmetricPerChannel(int n, int c, int h, int w) {
        Tensor t = Tensor.zeros(n, c, h, w);
        Random r = new Random(seed++);
        int m = n * h * w;
        if (m % 2 != 0) throw new IllegalArgumentException("symmetricPerChannel needs an even count per channel");
        for (int ch = 0; ch < c; ch++) {
            float center = r.nextFloat() * 2 - 1;
            float[] v = new float[m];
            for (int i = 0; i < m / 2; i++) {
                float a = 0.5f + 1.5f * r.nextFloat();
                v[2 * i] = center + a;
                v[2 * i + 1] = center - a;
            }
            for (int i = m - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                float x = v[i];
                v[i] = v[j];
                v[j] = x;
            }
            int k = 0;
            for (int b = 0; b < n; b++) for (int p = 0; p < h * w; p++) t.data()[(b * c + ch) * h * w + p] = v[k++];
        }
        return t;
    }

    /**
     * Convolutions, pooling, upsampling and batch-norm: odd spatial sizes, stride 2, padding 0 and 1,
     * batch 1, one channel, with and without bias; max-pool on values without ties, fused ReLUs on
     * values away from their kink.
     */
    static List<OpCase> spatial() {
        Tensor evalMean = rand(-0.5f, 0.5f, 3), evalVar = rand(0.5f, 2f, 3);
        Tensor zeroMean = Tensor.zeros(2), unitVar = Tensor.ones(2);
        return List.of(
                c("conv2d 3x3 pad 1 bias", Conv2d.class, v -> F.conv2d(v[0], v[1], v[2], 1, 1), rand(2, 2, 5, 7), rand(3, 2, 3, 3), rand(3)),
                c("conv2d 3x3 stride 2 pad 0", Conv2d.class, v -> F.conv2d(v[0], v[1], null, 2, 0), rand(1, 1, 7, 9), rand(2, 1, 3, 3)),
                c("conv2d 3x3 stride 2 pad 1 bias", Conv2d.class, v -> F.conv2d(v[0], v[1], v[2], 2, 1), rand(2, 3, 6, 5), rand(2, 3, 3, 3), rand(2)),
                // Own seeds (not rand's shared counter), so that adding these left every later case's data as it was.
                c("conv2d + relu 3x3 pad 1 bias", Conv2d.class, v -> F.conv2dRelu(v[0], v[1], v[2], 1, 1), seeded(901, 2, 2, 5, 7),
                        seeded(902, 3, 2, 3, 3), seeded(903, 3)),
                c("conv2d + relu 3x3 stride 2 pad 1", Conv2d.class, v -> F.conv2dRelu(v[0], v[1], null, 2, 1), seeded(904, 2, 3, 6, 5),
                        seeded(905, 2, 3, 3, 3)),
                c("conv2d 1x1 bias", Conv2d.class, v -> F.conv2d(v[0], v[1], v[2], 1, 0), rand(2, 4, 3, 5), rand(3, 4, 1, 1), rand(3)),
                c("conv2d 2x2 pad 1 one channel batch 1", Conv2d.class, v -> F.conv2d(v[0], v[1], null, 1, 1), rand(1, 1, 5, 4), rand(1, 1, 2, 2)),
                c("conv2d 5x5 pad 2 stride 2", Conv2d.class, v -> F.conv2d(v[0], v[1], v[2], 2, 2), rand(1, 2, 7, 6), rand(2, 2, 5, 5), rand(2)),
                c("conv-transpose2d k2 s2 bias", ConvTranspose2d.class, v -> F.convTranspose2d(v[0], v[1], v[2], 2, 0, 0),
                        rand(2, 3, 3, 5), rand(3, 2, 2, 2), rand(2)),
                c("conv-transpose2d k3 s2 p1 output padding 1", ConvTranspose2d.class, v -> F.convTranspose2d(v[0], v[1], null, 2, 1, 1),
                        rand(1, 2, 4, 3), rand(2, 3, 3, 3)),
                c("conv-transpose2d k3 s1 p1 bias", ConvTranspose2d.class, v -> F.convTranspose2d(v[0], v[1], v[2], 1, 1, 0),
                        rand(2, 2, 5, 5), rand(2, 1, 3, 3), rand(1)),
                c("conv-transpose2d one channel batch 1 k3 s2", ConvTranspose2d.class, v -> F.convTranspose2d(v[0], v[1], null, 2, 0, 0),
                        rand(1, 1, 3, 4), rand(1, 1, 3, 3)),
                c("max-pool 2x2 stride 2 odd sizes", MaxPool2d.class, v -> F.maxPool2d(v[0], 2, 2), distinct(2, 3, 6, 7)),
                c("max-pool 3x3 stride 2 pad 1 batch 1", MaxPool2d.class, v -> F.maxPool2d(v[0], 3, 2, 1), distinct(1, 1, 7, 9)),
                c("max-pool 3x3 stride 1 overlapping", MaxPool2d.class, v -> F.maxPool2d(v[0], 3, 1), distinct(1, 2, 5, 5)),
                c("avg-pool 2x2 stride 2 odd sizes", AvgPool2d.class, v -> F.avgPool2d(v[0], 2, 2), rand(2, 2, 5, 7)),
                c("avg-pool 3x3 stride 2 pad 1 batch 1", AvgPool2d.class, v -> F.avgPool2d(v[0], 3, 2, 1), rand(1, 1, 7, 7)),
                c("adaptive avg-pool to 2x3", AvgPool2d.class, v -> F.adaptiveAvgPool2d(v[0], 2, 3), rand(2, 2, 6, 9)),
                c("global avg-pool", GlobalAvgPool2d.class, v -> F.globalAvgPool2d(v[0]), rand(2, 3, 5, 7)),
                c("global avg-pool one channel batch 1", GlobalAvgPool2d.class, v -> F.adaptiveAvgPool2d(v[0], 1, 1), rand(1, 1, 3, 3)),
                c("upsample nearest x2", UpsampleNearest2d.class, v -> F.upsampleNearest2d(v[0], 2), rand(2, 2, 3, 5)),
                c("upsample nearest x3 batch 1", UpsampleNearest2d.class, v -> F.upsampleNearest2d(v[0], 3), rand(1, 1, 2, 3)),
                c("upsample x2 and concat", UpsampleConcat.class, v -> F.upsampleConcat(v[0], 2, v[1]), rand(2, 2, 3, 5), rand(2, 3, 6, 10)),
                c("upsample x3 and concat batch 1", UpsampleConcat.class, v -> F.upsampleConcat(v[0], 3, v[1]), rand(1, 1, 2, 3), rand(1, 2, 6, 9)),
                c("batch-norm training", BatchNorm2d.class, v -> F.batchNorm2d(v[0], null, null, v[1], v[2], true, 0.1f, 1e-5f),
                        rand(2, 3, 3, 5), awayFromZero(3), rand(3)),
                c("batch-norm training, no affine, one channel batch 1", BatchNorm2d.class,
                        v -> F.batchNorm2d(v[0], null, null, null, null, true, 0.1f, 1e-5f), rand(1, 1, 3, 3)),
                c("batch-norm training + relu", BatchNorm2d.class, v -> F.batchNorm2dRelu(v[0], null, null, v[1], v[2], true, 0.1f, 1e-5f),
                        symmetricPerChannel(2, 3, 3, 3), rand(0.5f, 1.5f, 3), rand(-0.02f, 0.02f, 3)),
                c("batch-norm training, gamma only", BatchNorm2d.class, v -> F.batchNorm2d(v[0], null, null, v[1], null, true, 0.1f, 1e-3f),
                        rand(2, 2, 3, 3), awayFromZero(2)),
                c("batch-norm evaluation", BatchNorm2d.class, v -> F.batchNorm2d(v[0], evalMean, evalVar, v[1], v[2], false, 0.1f, 1e-5f),
                        rand(2, 3, 3, 5), rand(3), rand(3)),
                c("batch-norm evaluation + relu, beta only", BatchNorm2d.class,
                        v -> F.batchNorm2dRelu(v[0], zeroMean, unitVar, null, v[1], false, 0.1f, 1e-5f),
                        awayFromZero(1, 2, 3, 3), rand(-0.02f, 0.02f, 2)));
    }
}
