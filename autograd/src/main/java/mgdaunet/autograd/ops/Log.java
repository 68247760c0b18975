package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = log(x)} (natural). x: grad / x. */
public final class Log extends Op {
    private Tensor x;

    public static Variable apply(Variable x) {
        Log op = new Log();
        op.x = x.value();
        return Graph.record(op, x.value().log(), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.div(x)};
    }

    @Override
    protected void release() {
        x = null;
    }
}
