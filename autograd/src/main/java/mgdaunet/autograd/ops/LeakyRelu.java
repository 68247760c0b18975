package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Elementwise;
import mgdaunet.tensor.Tensor;

/** {@code y = x > 0 ? x : slope * x}. x: grad where x > 0, else slope * grad. */
public final class LeakyRelu extends Op {
    private final float slope;
    private Tensor x;

    private LeakyRelu(float slope, Tensor x) {
        this.slope = slope;
        this.x = x;
    }

    public static Variable apply(Variable x, float slope) {
        return Graph.record(new LeakyRelu(slope, x.value()), x.value().leakyRelu(slope), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {Elementwise.leakyReluBackward(x, slope, g, Tensor.zerosLike(g))};
    }

    @Override
    protected void release() {
        x = null;
    }
}
