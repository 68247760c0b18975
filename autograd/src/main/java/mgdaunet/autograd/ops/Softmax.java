package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = softmax(x) along dim}. x: y * (grad - sum_dim(grad * y)). */
public final class Softmax extends Op {
    private final int dim;
    private Tensor y;

    private Softmax(int dim, Tensor y) {
        this.dim = dim;
        this.y = y;
    }

    public static Variable apply(Variable x, int dim) {
        Tensor y = x.value().softmax(dim);
        return Graph.record(new Softmax(dim, y), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {mgdaunet.tensor.Softmax.softmaxBackward(y, g, dim, Tensor.zerosLike(g))};
    }

    @Override
    protected void release() {
        y = null;
    }
}
