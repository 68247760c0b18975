package mgdaunet.nn.unet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class UNetTest {
    private static List<String> keysAndShapes(Map<String, Tensor> state) {
        List<String> out = new ArrayList<>();
        state.forEach((k, v) -> {
            StringBuilder s = new StringBuilder(k).append(' ');
            for (int i = 0; i < v.rank(); i++) s.append(i == 0 ? "" : ",").append(v.dim(i));
            out.add(s.toString());
        });
        return out;
    }

    @Test
    void theSeedUNetHasPyTorchsParameterCountNamesAndShapes() {
        UNet seed = new UNet(UNetConfig.seed(), Tensor.rng(1));
        assertEquals(412_747, seed.parameterCount());
        assertEquals(List.of(UNetReferenceKeys.NEAREST), keysAndShapes(seed.stateDict()));

        UNet transposed = new UNet(UNetConfig.seed().withUpsampling(Upsampling.TRANSPOSED), Tensor.rng(1));
        assertEquals(459_035, transposed.parameterCount());
        assertEquals(List.of(UNetReferenceKeys.TRANSPOSED), keysAndShapes(transposed.stateDict()));
    }

    @Test
    void withoutAHeadItIsTheReferenceTrunk() {
        UNet trunk = new UNet(UNetConfig.seed().withClasses(0), Tensor.rng(1));
        List<String> expected = Arrays.stream(UNetReferenceKeys.NEAREST)
                .filter(k -> k.startsWith("trunk.")).map(k -> k.substring("trunk.".length())).toList();
        assertEquals(expected, keysAndShapes(trunk.stateDict()));
        assertEquals(412_747 - (16 * 11 + 11), trunk.parameterCount());
        assertSame(trunk, trunk.trunk());
        assertNull(trunk.head());
        // The last feature map Z at the input's own size.
        try (var g = Graph.noGrad()) {
            Variable z = trunk.forward(Variable.constant(Tensor.zeros(2, 1, 64, 84)));
            assertArrayEquals(new int[] {2, 16, 64, 84}, z.shape());
        }
    }

    @Test
    void withoutBiasTheConvolutionsLoseTheirBiases() {
        UNet noBias = new UNet(UNetConfig.seed().withBias(false), Tensor.rng(1));
        // Every 3x3 conv loses its bias (one per output channel), the 1x1 head's too: 18 convs.
        int convChannels = 2 * (16 + 32 + 48 + 64) + 2 * 64 + 2 * (64 + 48 + 32 + 16);
        assertEquals(412_747 - convChannels - 11, noBias.parameterCount());
        assertEquals(411_968, noBias.parameterCount());
        UNet noBiasTransposed = new UNet(UNetConfig.seed().withBias(false).withUpsampling(Upsampling.TRANSPOSED), Tensor.rng(1));
        assertEquals(459_035 - convChannels - 11 - (64 + 64 + 48 + 32), noBiasTransposed.parameterCount());
        assertEquals(458_048, noBiasTransposed.parameterCount());
        assertTrue(noBias.stateDict().keySet().stream().noneMatch(k -> k.endsWith(".0.bias") || k.endsWith(".3.bias") || k.equals("head.conv.bias")));
    }

    @Test
    void anyInputSizeIsPaddedAndCroppedBack() {
        UNet net = new UNet(UNetConfig.seed().withWidths(4, 8).withBottleneck(8).withClasses(3), Tensor.rng(2));
        assertEquals(4, net.config().sizeMultiple());
        for (int[] hw : new int[][] {{8, 12}, {9, 13}, {5, 7}, {1, 1}}) {
            try (var g = Graph.noGrad()) {
                Variable y = net.forward(Variable.constant(Tensor.uniform(Tensor.rng(3), 0f, 1f, 2, 1, hw[0], hw[1])));
                assertArrayEquals(new int[] {2, 3, hw[0], hw[1]}, y.shape(), Arrays.toString(hw));
            }
        }
    }

    @Test
    void paddingIsZerosOnTheBottomAndRightAsTheReferenceDoes() {
        // Evaluation mode: the output at the input's pixels equals the output on the explicitly padded
        // input, cropped, because the padding is exactly the zeros the network adds itself.
        UNet net = new UNet(UNetConfig.seed().withWidths(4, 8).withBottleneck(8).withClasses(3), Tensor.rng(2));
        net.eval();
        Tensor x = Tensor.uniform(Tensor.rng(4), 0f, 1f, 1, 1, 6, 9);
        try (var g = Graph.noGrad()) {
            Tensor y = net.forward(Variable.constant(x)).value();
            Tensor padded = net.forward(Variable.constant(x.pad2d(0, 2, 0, 3, 0f))).value();
            assertEquals(0f, y.maxAbsDiff(padded.crop2d(0, 0, 6, 9)));
            // Padded on the top instead: a different result, so the side matters and is tested.
            Tensor top = net.forward(Variable.constant(x.pad2d(2, 0, 0, 3, 0f))).value();
            assertTrue(y.maxAbsDiff(top.crop2d(2, 0, 6, 9)) > 1e-4f);
        }
    }

    @Test
    void badInputsAndConfigsAreOneLineErrors() {
        UNet net = new UNet(UNetConfig.seed().withWidths(4).withBottleneck(4), Tensor.rng(1));
        var e = assertThrows(IllegalArgumentException.class, () -> net.forward(Variable.constant(Tensor.zeros(1, 3, 8, 8))));
        assertEquals("UNet: input must be N x 1 x H x W, got [1, 3, 8, 8]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> UNetConfig.seed().withWidths());
        assertTrue(e.getMessage().startsWith("UNet config"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UNetConfig.seed().withClasses(-1));
    }

    @Test
    void gradientsReachEveryParameter() {
        UNet net = new UNet(UNetConfig.seed().withWidths(4, 8).withBottleneck(8).withClasses(3)
                .withUpsampling(Upsampling.TRANSPOSED), Tensor.rng(5));
        Variable x = Variable.constant(Tensor.uniform(Tensor.rng(6), 0f, 1f, 2, 1, 8, 10));
        int[] targets = new int[2 * 8 * 10];
        for (int i = 0; i < targets.length; i++) targets[i] = i % 3;
        F.crossEntropy(net.forward(x), targets).backward();
        net.namedParameters().forEach((name, p) -> {
            assertNotNull(p.grad(), name);
            assertTrue(p.grad().maxAbsDiff(Tensor.zerosLike(p.grad())) > 0f, name + " has an all-zero gradient");
        });
        assertNull(x.grad());
        net.zeroGrad();
        net.parameters().forEach(p -> assertNull(p.grad()));
        assertEquals(Shape.str(new int[] {4, 1, 3, 3}), Shape.str(net.namedParameters().get("trunk.enc.0.0.weight").shape()));
    }

    @Test
    void inferenceWithFoldedBatchNormEqualsTheLayerByLayerForward() {
        for (Upsampling up : Upsampling.values()) {
            UNet net = new UNet(UNetConfig.seed().withWidths(4, 8).withBottleneck(8).withUpsampling(up), Tensor.rng(12));
            // Large enough that its activations (4096 floats and up) go through the buffer pool; padded to 32 x 40.
            Tensor x = Tensor.uniform(Tensor.rng(13), 0f, 1f, 3, 1, 30, 40);
            // Two training forwards move the running statistics away from (0, 1).
            for (int i = 0; i < 2; i++) {
                try (var g = Graph.noGrad()) {
                    net.forward(Variable.constant(x));
                }
            }
            net.eval();
            Tensor folded;
            try (var g = Graph.noGrad()) {
                folded = net.forward(Variable.constant(x)).value();
            }
            Tensor before = folded.copy();
            // A second inference reuses the first one's dead activations (recycled arrays, NaN-poisoned
            // in tests): the same result, and the first result, which the caller holds, untouched.
            Tensor again;
            try (var g = Graph.noGrad()) {
                again = net.forward(Variable.constant(x)).value();
            }
            assertEquals(0f, again.maxAbsDiff(folded), up + ": second inference");
            assertEquals(0f, folded.maxAbsDiff(before), up + ": first result kept");
            // With a graph recorded nothing is folded.
            Tensor layered = net.forward(Variable.constant(x)).value();
            float scale = layered.abs().max().item();
            assertTrue(folded.maxAbsDiff(layered) <= 1e-5f * scale, up + ": " + folded.maxAbsDiff(layered) + " of " + scale);
        }
    }
}
