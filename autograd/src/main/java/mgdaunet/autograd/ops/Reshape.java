package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = x viewed with a new shape} (shares x's data). x: grad viewed with x's shape. */
public final class Reshape extends Op {
    private final int[] inShape;

    private Reshape(int[] inShape) {
        this.inShape = inShape;
    }

    public static Variable apply(Variable x, int... shape) {
        return Graph.record(new Reshape(x.shape()), x.value().reshape(shape), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.reshape(inShape)};
    }
}
