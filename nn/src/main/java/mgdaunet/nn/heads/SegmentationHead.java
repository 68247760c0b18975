package mgdaunet.nn.heads;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.layers.Conv2d;

/**
 * A per-pixel classifier on a feature map: a 1 x 1 convolution from {@code cin} channels to
 * {@code classes} logits, N x cin x H x W to N x classes x H x W. Parameters {@code conv.weight},
 * {@code conv.bias}: the names of the PyTorch reference's {@code SegHead}.
 */
public final class SegmentationHead extends Module {
    private final Conv2d conv;

    public SegmentationHead(int cin, int classes, RandomGenerator rng) {
        this.conv = registerModule("conv", new Conv2d(cin, classes, 1, rng));
    }

    @Override
    protected Variable compute(Variable z) {
        return conv.forward(z);
    }

    public Conv2d conv() {
        return conv;
    }

    @Override
    public String toString() {
        return "SegmentationHead(" + conv.inChannels() + " -> " + conv.outChannels() + ")";
    }
}
