package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = log softmax(x) along dim}. x: grad - exp(y) * sum_dim(grad). */
public final class LogSoftmax extends Op {
    private final int dim;
    private Tensor y;

    private LogSoftmax(int dim, Tensor y) {
        this.dim = dim;
        this.y = y;
    }

    public static Variable apply(Variable x, int dim) {
        Tensor y = x.value().logSoftmax(dim);
        return Graph.record(new LogSoftmax(dim, y), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {mgdaunet.tensor.Softmax.logSoftmaxBackward(y, g, dim, Tensor.zerosLike(g))};
    }

    @Override
    protected void release() {
        y = null;
    }
}
