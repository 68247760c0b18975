package mgdaunet.autograd.ops;

import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Op;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;

/**
 * {@code C = A B}: 2-D, batched 3-D, or a 3-D batch against a shared 2-D matrix (either side).
 * A: grad B^T; B: A^T grad; a 2-D operand shared by a batch gets the sum over the batch.
 */
public final class MatMul extends Op {
    private Tensor a, b;

    private MatMul(Tensor a, Tensor b) {
        this.a = a;
        this.b = b;
    }

    public static Variable apply(Variable a, Variable b) {
        return Graph.record(new MatMul(a.value(), b.value()), mgdaunet.tensor.MatMul.matmul(a.value(), b.value()), a, b);
    }

    @Override
    protected Tensor[] backward(Tensor g) {
        Tensor ga = null, gb = null;
        if (needsGrad(0)) {
            ga = mgdaunet.tensor.MatMul.matmul(g, false, b, true);        // [.., m, k]
            if (a.rank() == 2 && ga.rank() == 3) ga = ga.sum(0);           // shared A: sum over the batch
        }
        if (needsGrad(1)) {
            if (a.rank() == 3 && b.rank() == 2) {
                // Shared B: sum_i A_i^T G_i is one GEMM over the batch stacked row-wise.
                int k = a.dim(2), n = g.dim(2);
                gb = mgdaunet.tensor.MatMul.matmul(a.reshape(-1, k), true, g.reshape(-1, n), false);
            } else {
                gb = mgdaunet.tensor.MatMul.matmul(a, true, g, false);     // [.., k, n]
            }
        }
        return new Tensor[] {ga, gb};
    }

    @Override
    protected void release() {
        a = b = null;
    }
}
