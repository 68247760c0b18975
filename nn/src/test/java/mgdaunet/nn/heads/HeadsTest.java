package mgdaunet.nn.heads;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class HeadsTest {
    @Test
    void segmentationHeadIsA1x1ConvolutionPerPixel() {
        SegmentationHead head = new SegmentationHead(3, 5, Tensor.rng(1));
        assertEquals(List.of("conv.weight", "conv.bias"), List.copyOf(head.namedParameters().keySet()));
        assertEquals(3 * 5 + 5, head.parameterCount());
        Tensor z = Tensor.normal(Tensor.rng(2), 0f, 1f, 2, 3, 5, 7);
        Variable y = head.forward(Variable.constant(z));
        assertArrayEquals(new int[] {2, 5, 5, 7}, y.shape());
        // Pixel (n=1, h=4, w=6), class 2: bias + sum_c w[2, c] z[1, c, 4, 6].
        Tensor w = head.conv().weight().value(), b = head.conv().bias().value();
        double expected = b.get(2);
        for (int c = 0; c < 3; c++) expected += w.get(2, c, 0, 0) * z.get(1, c, 4, 6);
        assertEquals(expected, y.value().get(1, 2, 4, 6), 1e-5);
    }

    @Test
    void gridClassifierHeadMatchesItsLayersComposedByHand() {
        GridClassifierHead head = new GridClassifierHead(4, 6, 2, 3, 10, Tensor.rng(3));
        assertEquals(List.of("conv.weight", "conv.bias", "fc.weight", "fc.bias"), List.copyOf(head.namedParameters().keySet()));
        assertEquals(6 * 4 * 9 + 6 + 10 * 6 * 2 * 3 + 10, head.parameterCount());
        Variable z = Variable.constant(Tensor.normal(Tensor.rng(4), 0f, 1f, 3, 4, 8, 11)); // odd width: 4 x 6 after stride 2
        Tensor y = head.forward(z).value();
        assertArrayEquals(new int[] {3, 10}, y.shape());
        try (var g = Graph.noGrad()) {
            Variable h = F.relu(F.conv2d(z, head.conv().weight(), head.conv().bias(), 2, 1));
            assertArrayEquals(new int[] {3, 6, 4, 6}, h.shape());
            Variable pooled = F.reshape(F.adaptiveAvgPool2d(h, 2, 3), 3, 36);
            Variable logits = F.add(F.matmul(pooled, F.transpose(head.fc().weight(), 0, 1)), head.fc().bias());
            assertTrue(logits.value().maxAbsDiff(y) < 1e-6f);
        }
    }

    @Test
    void aOneByOneGridIsTheGlobalPoolHeadOfTheReferenceBenchmark() {
        // PyTorch's DigitHead: conv3x3 16->32 stride 2, ReLU, global mean, linear 32->10: 4,970 parameters.
        GridClassifierHead head = new GridClassifierHead(16, 32, 1, 1, 10, Tensor.rng(5));
        assertEquals(32 * 16 * 9 + 32 + 32 * 10 + 10, head.parameterCount());
        Variable z = Variable.parameter(Tensor.normal(Tensor.rng(6), 0f, 1f, 2, 16, 9, 7));
        Variable y = head.forward(z);
        assertArrayEquals(new int[] {2, 10}, y.shape());
        F.sum(y).backward();
        assertNotNull(z.grad());
        assertNotNull(head.fc().weight().grad());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GridClassifierHead(4, 6, 0, 3, 10, Tensor.rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new GridClassifierHead(4, 6, 2, 3, 0, Tensor.rng(1)));
        GridClassifierHead head = new GridClassifierHead(4, 6, 3, 3, 10, Tensor.rng(1));
        // 8 x 11 -> 4 x 6 after the strided conv: a 3 x 3 grid does not divide it.
        assertThrows(IllegalArgumentException.class, () -> head.forward(Variable.constant(Tensor.ones(1, 4, 8, 11))));
    }
}
