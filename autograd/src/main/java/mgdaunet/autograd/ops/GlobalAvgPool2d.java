package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import mgdaunet.tensor.spatial.AvgPool2d;

/** {@code y[n, c] = the mean of plane (n, c)}: N x C x H x W to N x C x 1 x 1. x: grad / (H * W) over each plane. */
public final class GlobalAvgPool2d extends Op {
    private final int[] inShape;

    private GlobalAvgPool2d(int[] inShape) {
        this.inShape = inShape;
    }

    public static Variable apply(Variable x) {
        return Graph.record(new GlobalAvgPool2d(x.shape()), AvgPool2d.globalForward(x.value()), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {AvgPool2d.globalBackward(g, inShape)};
    }
}
