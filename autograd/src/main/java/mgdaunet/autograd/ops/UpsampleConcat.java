package mgdaunet.autograd.ops;

import java.util.Arrays;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.ShapeOps;
import mgdaunet.tensor.Tensor;

/**
 * {@code y = concat(1, upsampleNearest2d(x, f), skip)} as one op, the U-Net decoder's input: the
 * upsampled planes are written straight into the joined output, so the upsampled map is never
 * allocated, written and copied. x: the f x f block sums of grad's first channels (read in place,
 * no slice); skip: grad's remaining channels.
 */
public final class UpsampleConcat extends Op {
    private final int factor;
    private final int[] xShape;
    private final int skipChannels;

    private UpsampleConcat(int factor, int[] xShape, int skipChannels) {
        this.factor = factor;
        this.xShape = xShape;
        this.skipChannels = skipChannels;
    }

    public static Variable apply(Variable x, int factor, Variable skip) {
        int[] xs = x.shape(), ss = skip.shape();
        if (xs.length != 4 || ss.length != 4 || factor < 1 || xs[0] != ss[0] || xs[2] * factor != ss[2] || xs[3] * factor != ss[3]) {
            throw new IllegalArgumentException("upsample_concat: x " + Arrays.toString(xs) + " upsampled by " + factor
                    + " must match skip " + Arrays.toString(ss) + " in batch, height and width");
        }
        int n = xs[0], c = xs[1], all = c + ss[1];
        Tensor y = Tensor.zeros(n, all, ss[2], ss[3]);
        mgdaunet.tensor.spatial.UpsampleNearest2d.forwardIntoChannels(n, c, xs[2], xs[3], factor, x.value().data(), y.data(), all, 0);
        ShapeOps.copyIntoSlice(skip.value(), y, 1, c);
        return Graph.record(new UpsampleConcat(factor, xs.clone(), ss[1]), y, x, skip);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        int n = xShape[0], c = xShape[1], all = c + skipChannels;
        Tensor dx = null, dskip = null;
        if (needsGrad(0)) {
            dx = Tensor.scratch(xShape);  // every element is written: a block sum
            mgdaunet.tensor.spatial.UpsampleNearest2d.backwardFromChannels(n, c, xShape[2], xShape[3], factor, g.data(), all, 0, dx.data());
        }
        if (needsGrad(1)) dskip = ShapeOps.sliceScratch(g, 1, c, all);
        return new Tensor[] {dx, dskip};
    }
}
