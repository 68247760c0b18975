package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import mgdaunet.tensor.spatial.PoolGeometry;

/**
 * {@code y = the mean of each window} (PyTorch's {@code avg_pool2d}, floor mode, padding counted in
 * the divisor), and adaptive average pooling to an output grid that divides the input exactly
 * (windows of H / outH x W / outW, PyTorch's {@code adaptive_avg_pool2d} in that case).
 * x: each window spreads grad / (kh * kw) evenly over its pixels.
 */
public final class AvgPool2d extends Op {
    private final PoolGeometry geometry;

    private AvgPool2d(PoolGeometry geometry) {
        this.geometry = geometry;
    }

    /** {@code avg_pool2d(x, kernel, stride, padding)} with a square window. */
    public static Variable apply(Variable x, int kernel, int stride, int padding) {
        return pool(x, PoolGeometry.of("avg_pool2d", x.shape(), kernel, stride, padding));
    }

    /** Mean over the outH x outW tiles of each plane; H and W must be multiples of outH and outW. */
    public static Variable adaptive(Variable x, int outH, int outW) {
        int[] s = x.shape();
        if (s.length != 4 || outH < 1 || outW < 1 || s[2] % outH != 0 || s[3] % outW != 0) {
            throw new IllegalArgumentException("adaptive_avg_pool2d: output grid " + outH + "x" + outW + " must divide the H x W of an "
                    + "N x C x H x W input exactly, got input " + java.util.Arrays.toString(s));
        }
        int kh = s[2] / outH, kw = s[3] / outW;
        return pool(x, new PoolGeometry(s[0], s[1], s[2], s[3], kh, kw, kh, kw, 0, 0, outH, outW));
    }

    private static Variable pool(Variable x, PoolGeometry g) {
        Tensor y = Tensor.zeros(g.outputShape());
        mgdaunet.tensor.spatial.AvgPool2d.forward(g, x.value().data(), y.data());
        return Graph.record(new AvgPool2d(g), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor dx = Tensor.zeros(geometry.inputShape());
        mgdaunet.tensor.spatial.AvgPool2d.backward(geometry, g.data(), dx.data());
        return new Tensor[] {dx};
    }
}
