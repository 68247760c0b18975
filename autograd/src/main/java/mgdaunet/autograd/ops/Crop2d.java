package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.ShapeOps;
import mgdaunet.tensor.Tensor;

/** {@code y = a height x width window of x's last two dims at (top, left)}. x: grad padded with zeros back to x's shape. */
public final class Crop2d extends Op {
    private final int top, left;
    private final int[] inShape;

    private Crop2d(int top, int left, int[] inShape) {
        this.top = top;
        this.left = left;
        this.inShape = inShape;
    }

    public static Variable apply(Variable x, int top, int left, int height, int width) {
        return Graph.record(new Crop2d(top, left, x.shape()), x.value().crop2d(top, left, height, width), x);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {ShapeOps.pad2d(g, top, left, 0f, Tensor.scratch(inShape))};
    }
}
