package mgdaunet.nn.heads;

import java.util.random.RandomGenerator;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;
import mgdaunet.nn.layers.AdaptiveAvgPool2d;
import mgdaunet.nn.layers.Conv2d;
import mgdaunet.nn.layers.Flatten;
import mgdaunet.nn.layers.Linear;
import mgdaunet.nn.layers.ReLU;

/**
 * An image-level classifier on a feature map that keeps where things are: a 3 x 3 convolution
 * {@code cin -> mid} with stride 2 and padding 1, ReLU, an average pool to a {@code gridH x gridW}
 * grid, flatten, and a linear layer {@code mid * gridH * gridW -> classes}. A left-digit and a
 * right-digit head differ only in where they look, which a global pool would throw away; a 1 x 1
 * grid is the global-pool head of the PyTorch reference benchmark ({@code DigitHead}).
 *
 * <p>The grid must divide the strided map exactly (a 64 x 84 input gives 32 x 42: 4 x 6 fits).
 * Parameters {@code conv.weight}, {@code conv.bias}, {@code fc.weight}, {@code fc.bias}.
 */
public final class GridClassifierHead extends Module {
    private final Conv2d conv;
    private final ReLU relu;
    private final AdaptiveAvgPool2d pool;
    private final Flatten flatten;
    private final Linear fc;
    private final int gridH, gridW;

    public GridClassifierHead(int cin, int mid, int gridH, int gridW, int classes, RandomGenerator rng) {
        if (gridH < 1 || gridW < 1 || classes < 1) {
            throw new IllegalArgumentException("GridClassifierHead: grid " + gridH + "x" + gridW + " and classes " + classes
                    + " must be >= 1");
        }
        this.gridH = gridH;
        this.gridW = gridW;
        this.conv = registerModule("conv", new Conv2d(cin, mid, 3, 2, 1, true, rng));
        this.relu = registerModule("relu", new ReLU());
        this.pool = registerModule("pool", new AdaptiveAvgPool2d(gridH, gridW));
        this.flatten = registerModule("flatten", new Flatten());
        this.fc = registerModule("fc", new Linear(mid * gridH * gridW, classes, rng));
    }

    @Override
    protected Variable compute(Variable z) {
        return fc.forward(flatten.forward(pool.forward(relu.forward(conv.forward(z)))));
    }

    public Conv2d conv() {
        return conv;
    }

    public Linear fc() {
        return fc;
    }

    @Override
    public String toString() {
        return "GridClassifierHead(" + conv.inChannels() + " -> " + conv.outChannels() + ", grid " + gridH + "x" + gridW + ")";
    }
}
