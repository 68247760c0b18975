package mgdaunet.nn.layers;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/** Nearest-neighbour upsampling by a whole factor, PyTorch's {@code nn.Upsample(scale_factor=f, mode="nearest")}; no parameters. */
public final class Upsample extends Module {
    private final int factor;

    public Upsample(int factor) {
        if (factor < 1) throw new IllegalArgumentException("Upsample: factor must be >= 1, got " + factor);
        this.factor = factor;
    }

    public int factor() {
        return factor;
    }

    @Override
    protected Variable compute(Variable x) {
        return F.upsampleNearest2d(x, factor);
    }

    @Override
    public String toString() {
        return "Upsample(nearest, x" + factor + ")";
    }
}
