package mgdaunet.nn.heads;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.layers.Conv2d;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public final class SegmentationHead extends Module {
    private final Conv2d conv;

    public SegmentationHead(int cin, int classes, RandomGenerator rng) {
        conv = registerModule("conv", new Conv2d(cin, classes, 1, rng));
    }

    @Override
    protected Variable compute(Variable x) {
        return conv.forward(x);
    }
}
