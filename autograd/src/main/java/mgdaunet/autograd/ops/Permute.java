package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;

/** {@code y = x with dims reordered} (output dim i is input dim perm[i]). x: grad permuted back. */
public final class Permute extends Op {
    private final int[] inverse;

    private Permute(int[] inverse) {
        this.inverse = inverse;
    }

    public static Variable apply(Variable x, int... perm) {
        Tensor y = x.value().permute(perm);  // validates perm
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inverse[Shape.axis("permute", perm[i], perm.length)] = i;
        return Graph.record(new Permute(inverse), y, x);
    }

    /** Swaps two dimensions. */
    public static Variable transpose(Variable x, int d0, int d1) {
        int r = x.rank();
        int a = Shape.axis("transpose", d0, r), b = Shape.axis("transpose", d1, r);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[a] = b;
        perm[b] = a;
        return apply(x, perm);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        return new Tensor[] {g.permute(inverse)};
    }
}
