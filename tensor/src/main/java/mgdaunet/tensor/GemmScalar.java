package mgdaunet.tensor;

/**
 * The plain-Java twin of the SIMD GEMM ({@code -Dmgdaunet.simd=false}): the same contract, written as
 * row-by-row loops that read memory in order whatever the transposes. It shares no code with the
 * packed path, so the tests that compare the two check one against an independent implementation.
 */
final class GemmScalar {
    private GemmScalar() {}

    /** Below this many multiply-adds the rows are not split over threads. */
    private static final long PARALLEL_MIN_MACS = 1L << 18;

    /** Arguments are validated and m, n, k > 0. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if ((long) m * n * k < PARALLEL_MIN_MACS) {
            rows(transA, transB, 0, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            Parallel.forRange(m, (i0, i1) ->
                    rows(transA, transB, i0, i1, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc));
        }
    }

    private static void rows(boolean transA, boolean transB, int i0, int i1, int n, int k,
                             float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        // op(A)(i, p) sits at aRow + p * aStep.
        int aStep = transA ? lda : 1;
        for (int i = i0; i < i1; i++) {
            int aRow = aOff + (transA ? i : i * lda);
            int ci = cOff + i * ldc;
            if (transB) {
                // Rows of B are columns of op(B): each C element is a dot product of two sequences.
                for (int j = 0; j < n; j++) {
                    int bj = bOff + j * ldb;
                    float dot = 0f;
                    for (int p = 0; p < k; p++) dot += a[aRow + p * aStep] * b[bj + p];
                    c[ci + j] = beta == 0f ? alpha * dot : alpha * dot + beta * c[ci + j];
                }
            } else {
                // Accumulate alpha * A(i, p) times row p of B into row i of C.
                if (beta == 0f) {
                    for (int j = 0; j < n; j++) c[ci + j] = 0f;
                } else if (beta != 1f) {
                    for (int j = 0; j < n; j++) c[ci + j] *= beta;
                }
                for (int p = 0; p < k; p++) {
                    float av = alpha * a[aRow + p * aStep];
                    int bp = bOff + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
                }
            }
        }
    }
}
