package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * {@code c = a / b}, broadcasting. a: grad / b; b: -grad * a / b^2 = -grad * c / b (each summed to
 * its input's shape).
 */
public final class Div extends Op {
    private final int[] aShape;
    private Tensor b, c;

    private Div(int[] aShape, Tensor b) {
        this.aShape = aShape;
        this.b = b;
    }

    public static Variable apply(Variable a, Variable b) {
        Div op = new Div(a.shape(), b.value());
        op.c = a.value().div(b.value());
        return Graph.record(op, op.c, a, b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {
            needsGrad(0) ? g.div(b).sumTo(aShape) : null,
            needsGrad(1) ? g.mul(c).div(b).sumTo(b.shape()).neg() : null,
        };
    }

    @Override
    protected void release() {
        b = c = null;
    }
}
