package mgdaunet.nn.layers;

import mgdaunet.autograd.F;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/** Average pooling over square windows, PyTorch's {@code nn.AvgPool2d} (floor mode, padding counted); no parameters. */
public final class AvgPool2d extends Module {
    private final int kernel, stride, padding;

    public AvgPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("AvgPool2d: kernel " + kernel + " and stride " + stride + " must be >= 1, padding " + padding
                    + " in [0, kernel / 2]");
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** Windows of {@code kernel} at stride {@code kernel}, no padding. */
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    @Override
    protected Variable compute(Variable x) {
        return F.avgPool2d(x, kernel, stride, padding);
    }

    @Override
    public String toString() {
        return "AvgPool2d(kernel " + kernel + ", stride " + stride + ", padding " + padding + ")";
    }
}
