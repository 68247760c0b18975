package mgdaunet.nn.layers;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/** {@code x > 0 ? x : slope x}, PyTorch's {@code nn.LeakyReLU} (default slope 0.01). */
public final class LeakyReLU extends Module {
    public static final float DEFAULT_SLOPE = 0.01f;
    private final float slope;

    public LeakyReLU(float slope) {
        this.slope = slope;
    }

    public LeakyReLU() {
        this(DEFAULT_SLOPE);
    }

    @Override
    protected Variable compute(Variable x) {
        return F.leakyRelu(x, slope);
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }
}
