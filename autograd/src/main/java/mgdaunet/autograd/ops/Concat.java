package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.ShapeOps;
import mgdaunet.tensor.Tensor;

/**
 * {@code y = the inputs joined along dim} (the U-Net's skip connections). input i: the slice of grad
 * along dim where input i landed.
 */
public final class Concat extends Op {
    private final int dim;
    private final int[] sizes;

    private Concat(int dim, int[] sizes) {
        this.dim = dim;
        this.sizes = sizes;
    }

    public static Variable apply(int dim, Variable... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: needs at least one variable");
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) values[i] = parts[i].value();
        Tensor y = Tensor.concat(dim, values);  // validates shapes
        int d = Shape.axis("concat", dim, y.rank());
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) sizes[i] = values[i].dim(d);
        return Graph.record(new Concat(d, sizes), y, parts);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor[] grads = new Tensor[sizes.length];
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (needsGrad(i)) grads[i] = ShapeOps.sliceScratch(g, dim, at, at + sizes[i]);
            at += sizes[i];
        }
        return grads;
    }
}
