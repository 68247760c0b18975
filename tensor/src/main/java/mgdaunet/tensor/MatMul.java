package mgdaunet.tensor;

/**
 * Matrix products of tensors on top of {@link Gemm#sgemm}: 2-D {@code [m, k] x [k, n]}, batched 3-D
 * {@code [B, m, k] x [B, k, n]}, and a 3-D operand against a 2-D one (the 2-D matrix is shared by
 * every batch entry). Either operand may be used transposed (its last two dimensions swapped), which is
 * what the backward pass needs: {@code dA = dC B^T}, {@code dB = A^T dC}.
 */
public final class MatMul {
    private MatMul() {}

    /** Multiply-adds per batch entry below which the batch, not the GEMM, is spread over threads. */
    private static final long SMALL_GEMM = 1L << 18;

    /** {@code a @ b} into a new tensor. */
    public static Tensor matmul(Tensor a, Tensor b) {
        return matmul(a, false, b, false);
    }

    /** {@code op(a) @ op(b)} into a new tensor, op transposing the last two dimensions when asked. */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        return matmul(a, transA, b, transB, Tensor.zeros(outShape(a, transA, b, transB)));
    }

    /** {@code out = op(a) @ op(b)}; {@code out} must have the product's shape. */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB, Tensor out) {
        int[] os = outShape(a, transA, b, transB);
        if (!out.hasShape(os)) {
            throw new IllegalArgumentException("matmul: output of shape " + Shape.str(out.shape()) + " for " + Shape.str(a.shape())
                    + " x " + Shape.str(b.shape()) + ", which gives " + Shape.str(os));
        }
        int ra = a.rank(), rb = b.rank();
        int m = a.dim(transA ? -1 : -2), k = a.dim(transA ? -2 : -1), n = b.dim(transB ? -2 : -1);
        float[] ad = a.data(), bd = b.data(), o = out.data();
        if (out.size() == 0) return out;
        if (k == 0) {
            java.util.Arrays.fill(o, 0f);
            return out;
        }
        int lda = transA ? m : k, ldb = transB ? k : n;
        if (ra == 2 && rb == 2) {
            Gemm.sgemm(transA, transB, m, n, k, 1f, ad, 0, lda, bd, 0, ldb, 0f, o, 0, n);
            return out;
        }
        if (ra == 3 && rb == 2 && !transA) {
            // One tall GEMM: the batch entries of a stacked row-wise are a [B*m, k] matrix.
            int rows = a.dim(0) * m;
            Gemm.sgemm(false, transB, rows, n, k, 1f, ad, 0, k, bd, 0, ldb, 0f, o, 0, n);
            return out;
        }
        int batch = os[0];
        int aStep = ra == 3 ? m * k : 0, bStep = rb == 3 ? k * n : 0, oStep = m * n;
        java.util.function.IntConsumer one = i -> Gemm.sgemm(transA, transB, m, n, k, 1f,
                ad, i * aStep, lda, bd, i * bStep, ldb, 0f, o, i * oStep, n);
        if ((long) m * n * k < SMALL_GEMM) Parallel.forEach(batch, one);
        else for (int i = 0; i < batch; i++) one.accept(i);
        return out;
    }

    /** The product's shape, or an error naming both shapes. */
    static int[] outShape(Tensor a, boolean transA, Tensor b, boolean transB) {
        int ra = a.rank(), rb = b.rank();
        if (ra < 2 || ra > 3 || rb < 2 || rb > 3) {
            throw new IllegalArgumentException("matmul: needs 2-D or 3-D operands, got " + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        int m = a.dim(transA ? -1 : -2), ka = a.dim(transA ? -2 : -1);
        int kb = b.dim(transB ? -1 : -2), n = b.dim(transB ? -2 : -1);
        if (ka != kb || (ra == 3 && rb == 3 && a.dim(0) != b.dim(0))) {
            throw new IllegalArgumentException("matmul: shapes " + Shape.str(a.shape()) + (transA ? "^T" : "") + " and "
                    + Shape.str(b.shape()) + (transB ? "^T" : "") + " do not multiply");
        }
        if (ra == 2 && rb == 2) return new int[] {m, n};
        return new int[] {ra == 3 ? a.dim(0) : b.dim(0), m, n};
    }
}
