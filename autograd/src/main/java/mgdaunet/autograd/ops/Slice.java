package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.ShapeOps;
import mgdaunet.tensor.Tensor;

/** {@code y = x[start:end] along dim}. x: zeros with grad written into [start, end) along dim. */
public final class Slice extends Op {
    private final int dim, start;
    private final int[] inShape;

    private Slice(int dim, int start, int[] inShape) {
        this.dim = dim;
        this.start = start;
        this.inShape = inShape;
    }

    public static Variable apply(Variable x, int dim, int start, int end) {
        return Graph.record(new Slice(dim, start, x.shape()), x.value().slice(dim, start, end), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {ShapeOps.copyIntoSlice(g, Tensor.zeros(inShape), dim, start)};
    }
}
