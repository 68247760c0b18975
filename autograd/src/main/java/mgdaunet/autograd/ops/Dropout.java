package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.DropoutMask;
import mgdaunet.tensor.Tensor;

/**
 * Inverted dropout: {@code y = x * m} with m = 0 (probability p) or 1 / (1 - p), drawn from a seed,
 * so the expected value of y is x and evaluation needs no rescaling. x: grad * m.
 */
public final class Dropout extends Op {
    private Tensor mask;

    private Dropout(Tensor mask) {
        this.mask = mask;
    }

    /** Dropout with drop probability p in [0, 1); the same seed gives the same mask. */
    public static Variable apply(Variable x, float p, long seed) {
        Tensor mask = DropoutMask.fill(seed, p, Tensor.zerosLike(x.value()));
        return Graph.record(new Dropout(mask), x.value().mul(mask), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.mul(mask)};
    }

    @Override
    protected void release() {
        mask = null;
    }
}
