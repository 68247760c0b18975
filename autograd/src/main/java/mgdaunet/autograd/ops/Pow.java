package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = x^p} for a constant exponent p. x: grad * p * x^(p-1). */
public final class Pow extends Op {
    private final float p;
    private Tensor x;

    private Pow(float p, Tensor x) {
        this.p = p;
        this.x = x;
    }

    public static Variable apply(Variable x, float p) {
        return Graph.record(new Pow(p, x.value()), x.value().pow(p), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor d = x.pow(p - 1f).mulInPlace(p);
        return new Tensor[] {d.mulInPlace(g)};
    }

    @Override
    protected void release() {
        x = null;
    }
}
