package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/** {@code y = x padded on its last two dims with a constant}. x: grad cropped back to x's window. */
public final class Pad2d extends Op {
    private final int top, left, height, width;

    private Pad2d(int top, int left, int height, int width) {
        this.top = top;
        this.left = left;
        this.height = height;
        this.width = width;
    }

    public static Variable apply(Variable x, int top, int bottom, int left, int right, float value) {
        Tensor y = x.value().pad2d(top, bottom, left, right, value);
        return Graph.record(new Pad2d(top, left, x.dim(-2), x.dim(-1)), y, x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.crop2d(top, left, height, width)};
    }
}
