package mgdaunet.nn.unet;

import static org.junit.jupiter.api.Assertions.*;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.layers.AdaptiveAvgPool2d;
import mgdaunet.nn.layers.Conv2d;
import mgdaunet.nn.layers.Flatten;
import mgdaunet.nn.layers.Linear;
import mgdaunet.nn.layers.ReLU;
import mgdaunet.nn.layers.Sequential;
import mgdaunet.nn.loss.CrossEntropyLoss;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The calls a multi-task step makes (DESIGN.md): the trunk without a head gives Z; heads (a 1x1 conv,
 * and a strided conv, a 4 x 6 pool, a linear layer for a digit) run on a leaf detached from Z; their
 * gradients at Z, combined, go back into the trunk in one backward.
 */
class MultiTaskUsageTest {
    @Test
    void headsOnADetachedRepresentationAndOneTrunkBackward() {
        UNet trunk = new UNet(UNetConfig.seed().withWidths(4, 8).withBottleneck(8).withClasses(0), Tensor.rng(1));
        Conv2d seg = new Conv2d(4, 11, 1, Tensor.rng(2));
        Sequential digit = new Sequential(new Conv2d(4, 8, 3, 2, 1, true, Tensor.rng(3)), new ReLU(), new AdaptiveAvgPool2d(4, 6),
                new Flatten(), new Linear(8 * 4 * 6, 10, Tensor.rng(4)));
        Variable x = Variable.constant(Tensor.uniform(Tensor.rng(5), 0f, 1f, 2, 1, 64, 84));
        int[] pixels = new int[2 * 64 * 84];
        for (int i = 0; i < pixels.length; i++) pixels[i] = i % 11;
        int[] left = {3, 7};

        Variable z = trunk.forward(x);
        assertArrayEquals(new int[] {2, 4, 64, 84}, z.shape());
        Variable zd = z.detachRequiringGrad();
        CrossEntropyLoss ce = new CrossEntropyLoss();
        ce.forward(seg.forward(zd), pixels).backward();
        Tensor gSeg = zd.grad().copy();
        zd.zeroGrad();
        ce.forward(digit.forward(zd), left).backward();
        Tensor gLeft = zd.grad().copy();
        assertNotNull(digit.parameters().getFirst().grad(), "head parameters get their gradients in the head pass");
        assertTrue(trunk.parameters().stream().allMatch(p -> p.grad() == null), "nothing reached the trunk yet");

        z.backward(gSeg.mul(0.3f).add(gLeft.mul(0.7f)));
        assertTrue(trunk.parameters().stream().allMatch(p -> p.grad() != null), "one backward reaches every trunk parameter");

        // The same as back-propagating 0.3 L_seg + 0.7 L_left through everything at once.
        UNet again = new UNet(UNetConfig.seed().withWidths(4, 8).withBottleneck(8).withClasses(0), Tensor.rng(1));
        Variable z2 = again.forward(x);
        F.add(F.mul(ce.forward(seg.forward(z2), pixels), 0.3f), F.mul(ce.forward(digit.forward(z2), left), 0.7f)).backward();
        var a = trunk.namedParameters();
        again.namedParameters().forEach((name, p) -> assertTrue(p.grad().maxAbsDiff(a.get(name).grad()) < 1e-6f, name));
    }
}
