package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code c = a - b}, broadcasting. a: grad; b: -grad (each summed to its input's shape). */
public final class Sub extends Op {
    private final int[] aShape, bShape;

    private Sub(int[] aShape, int[] bShape) {
        this.aShape = aShape;
        this.bShape = bShape;
    }

    public static Variable apply(Variable a, Variable b) {
        return Graph.record(new Sub(a.shape(), b.shape()), a.value().sub(b.value()), a, b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {needsGrad(0) ? g.sumTo(aShape) : null, needsGrad(1) ? g.sumTo(bShape).neg() : null};
    }
}
