package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code c = a * b}, broadcasting. a: grad * b; b: grad * a (each summed to its input's shape). */
public final class Mul extends Op {
    private Tensor a, b;

    private Mul(Tensor a, Tensor b) {
        this.a = a;
        this.b = b;
    }

    public static Variable apply(Variable a, Variable b) {
        return Graph.record(new Mul(a.value(), b.value()), a.value().mul(b.value()), a, b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {
            needsGrad(0) ? g.mul(b).sumTo(a.shape()) : null,
            needsGrad(1) ? g.mul(a).sumTo(b.shape()) : null,
        };
    }

    @Override
    protected void release() {
        a = b = null;
    }
}
