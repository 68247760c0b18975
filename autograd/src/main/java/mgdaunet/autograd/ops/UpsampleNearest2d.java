package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * {@code y[.., oy, ox] = x[.., oy / f, ox / f]}: nearest-neighbour upsampling by a whole factor f,
 * N x C x H x W to N x C x fH x fW. x: the sum of grad over each f x f block.
 */
public final class UpsampleNearest2d extends Op {
    private final int factor;
    private final int[] inShape;

    private UpsampleNearest2d(int factor, int[] inShape) {
        this.factor = factor;
        this.inShape = inShape;
    }

    public static Variable apply(Variable x, int factor) {
        Tensor y = mgdaunet.tensor.spatial.UpsampleNearest2d.forward(x.value(), factor);
        return Graph.record(new UpsampleNearest2d(factor, x.shape()), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {mgdaunet.tensor.spatial.UpsampleNearest2d.backward(g, inShape, factor)};
    }
}
