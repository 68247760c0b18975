package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code c = a + b}, broadcasting. a: grad (summed to a's shape); b: grad (summed to b's shape). */
public final class Add extends Op {
    private final int[] aShape, bShape;

    private Add(int[] aShape, int[] bShape) {
        this.aShape = aShape;
        this.bShape = bShape;
    }

    public static Variable apply(Variable a, Variable b) {
        return Graph.record(new Add(a.shape(), b.shape()), a.value().add(b.value()), a, b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {needsGrad(0) ? g.sumTo(aShape) : null, needsGrad(1) ? g.sumTo(bShape) : null};
    }
}
