package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Reductions;
import mgdaunet.tensor.Tensor;

/**
 * {@code y = max of x along dim}. x: grad placed at the argmax (the first index among ties), 0
 * elsewhere. The indices are saved in forward.
 */
public final class Max extends Op {
    private final int dim;
    private final int[] inShape;
    private int[] indices;

    private Max(int dim, int[] inShape, int[] indices) {
        this.dim = dim;
        this.inShape = inShape;
        this.indices = indices;
    }

    public static Variable apply(Variable x, int dim, boolean keepDim) {
        Tensor.MaxResult r = Reductions.maxWithIndex(x.value(), dim, keepDim);
        return Graph.record(new Max(dim, x.shape(), r.indices()), r.values(), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Reductions.maxBackward(g, indices, dim, inShape)};
    }

    @Override
    protected void release() {
        indices = null;
    }
}
