package mgdaunet.nn.heads;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.layers.AdaptiveAvgPool2d;
import mgdaunet.nn.layers.Conv2d;
import mgdaunet.nn.layers.Flatten;
import mgdaunet.nn.layers.Linear;
import mgdaunet.nn.layers.ReLU;

/** INTERIM stand-in for the strategies branch (deleted at the merge). */
public final class GridClassifierHead extends Module {
    private final Conv2d conv;
    private final ReLU relu = new ReLU();
    private final AdaptiveAvgPool2d pool;
    private final Flatten flatten = new Flatten();
    private final Linear fc;

    public GridClassifierHead(int cin, int mid, int gridH, int gridW, int classes, RandomGenerator rng) {
        conv = registerModule("conv", new Conv2d(cin, mid, 3, 2, 1, true, rng));
        pool = new AdaptiveAvgPool2d(gridH, gridW);
        fc = registerModule("fc", new Linear(mid * gridH * gridW, classes, rng));
    }

    @Override
    protected Variable compute(Variable x) {
        return fc.forward(flatten.forward(pool.forward(relu.forward(conv.forward(x)))));
    }
}
