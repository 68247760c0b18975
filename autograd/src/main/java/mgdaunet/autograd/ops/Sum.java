package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import java.util.Arrays;
import mgdaunet.tensor.Reductions;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;

/**
 * {@code y = sum of x over dims} (kept as size 1 or dropped). x: grad broadcast back over the summed
 * dims. With {@code scale} = 1 / count this is the mean.
 */
public final class Sum extends Op {
    private final int[] inShape, keptShape;
    private final float scale;

    private Sum(int[] inShape, int[] keptShape, float scale) {
        this.inShape = inShape;
        this.keptShape = keptShape;
        this.scale = scale;
    }

    /** Sum over {@code dims}; no dims at all means every dimension. */
    public static Variable apply(Variable x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, false);
    }

    /** Mean over {@code dims}; no dims at all means every dimension. */
    public static Variable mean(Variable x, int[] dims, boolean keepDim) {
        return reduce(x, dims, keepDim, true);
    }

    private static Variable reduce(Variable x, int[] dims, boolean keepDim, boolean mean) {
        int r = x.rank();
        int[] d = dims.length == 0 ? allDims(r) : dims;
        Tensor kept = Reductions.sum(x.value(), d, true);  // validates dims
        boolean[] reduced = new boolean[r];
        long count = 1;
        for (int dim : d) {
            int a = Shape.axis("sum", dim, r);
            reduced[a] = true;
            count *= x.dim(a);
        }
        float scale = mean ? 1f / count : 1f;  // a mean over nothing: 1 / 0 = inf, and 0 * inf = NaN
        if (mean) kept.mulInPlace(scale);
        int[] dropped = new int[r];
        int k = 0;
        for (int i = 0; i < r; i++) if (!reduced[i]) dropped[k++] = x.dim(i);
        Tensor out = keepDim ? kept : kept.reshape(Arrays.copyOf(dropped, k));
        return Graph.record(new Sum(x.shape(), kept.shape(), scale), out, x);
    }

    static int[] allDims(int rank) {
        int[] all = new int[rank];
        for (int i = 0; i < rank; i++) all[i] = i;
        return all;
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        // Scale the small tensor first, then broadcast it over the summed dims.
        Tensor gk = g.reshape(keptShape);
        if (scale != 1f) gk = gk.mul(scale);
        return new Tensor[] {Tensor.zeros(inShape).addInPlace(gk)};
    }
}
