package mgdaunet.tensor;

/**
 * Single-precision GEMM: {@code C = alpha * op(A) * op(B) + beta * C}, row-major, with leading
 * dimensions and offsets so that callers can multiply sub-blocks of larger arrays in place.
 *
 * <p>op(A) is m x k, op(B) is k x n, C is m x n. With {@code transA} A is stored k x m (so op(A) = A^T),
 * with {@code transB} B is stored n x k.
 *
 * <p>PLACEHOLDER IMPLEMENTATION (correct, slow): the packed, register-blocked, multi-threaded kernel
 * replaces the body; the signature stays.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    acc += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = alpha * acc + (beta == 0f ? 0f : beta * c[ci]);
            }
        }
    }

    /** Dense row-major shorthand: lda, ldb, ldc follow from the shapes, offsets are zero. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, float[] b, float beta, float[] c) {
        sgemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
    }
}
