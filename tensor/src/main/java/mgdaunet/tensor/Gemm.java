package mgdaunet.tensor;

/**
 * Single-precision GEMM: {@code C = alpha * op(A) * op(B) + beta * C}, row-major, with leading
 * dimensions and offsets so that callers can multiply sub-blocks of larger arrays in place.
 *
 * <p>op(A) is m x k, op(B) is k x n, C is m x n. With {@code transA} A is stored k x m (so op(A) = A^T),
 * with {@code transB} B is stored n x k. As in BLAS, {@code beta == 0} overwrites C without reading it
 * (NaN in C does not propagate), and with {@code k == 0} or {@code alpha == 0} A and B are not read.
 *
 * <p>The SIMD path ({@link GemmDriver}) packs panels of A and B and runs a register-blocked Vector API
 * micro-kernel, multi-threaded over blocks through {@link Parallel}; called from inside a parallel task
 * it runs on that thread alone. With {@code -Dmgdaunet.simd=false} the plain-Java twin
 * ({@link GemmScalar}) runs instead.
 *
 * <p>For callers after speed: with few rows (m <= 128, e.g. a convolution's Cout x Cin*9 weights) B is
 * read in place, so an untransposed B is fastest, and fastest of all when it was just written and still
 * sits in L2 (about 1 MB: produce im2col columns in bands, not for a whole large image at once); a
 * transposed B costs a transposing pack on top. Beyond those, op(A) and op(B) are packed, so transposes
 * cost little.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, int aOff, int lda,
                             float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        sgemm(Simd.ENABLED, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Dense row-major shorthand: lda, ldb, ldc follow from the shapes, offsets are zero. */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float alpha, float[] a, float[] b, float beta, float[] c) {
        sgemm(transA, transB, m, n, k, alpha, a, 0, Math.max(1, transA ? m : k), b, 0, Math.max(1, transB ? k : n),
                beta, c, 0, Math.max(1, n));
    }

    /** Either path whatever the system property: the tests compare the two in one run. */
    static void sgemm(boolean simd, boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        checkOperand("A", a, aOff, lda, transA ? k : m, transA ? m : k, transA);
        checkOperand("B", b, bOff, ldb, transB ? n : k, transB ? k : n, transB);
        checkOperand("C", c, cOff, ldc, m, n, false);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
        } else if (simd) {
            GemmDriver.sgemm(GemmDriver.Blocking.DEFAULT, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
        } else {
            GemmScalar.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** C = beta * C; beta == 0 writes zeros without reading C. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = beta == 0f ? 0f : beta * c[row + j];
        }
    }

    /** A rows x cols matrix stored row-major from {@code off} with leading dimension {@code ld} must fit. */
    private static void checkOperand(String name, float[] x, int off, int ld, int rows, int cols, boolean transposed) {
        String what = name + " (stored " + rows + " x " + cols + (transposed ? ", transposed" : "") + ")";
        if (x == null) throw new IllegalArgumentException("sgemm: " + what + " is null");
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: leading dimension " + ld + " of " + what + " is below its " + cols + " columns");
        }
        if (off < 0) throw new IllegalArgumentException("sgemm: offset " + off + " of " + what + " is negative");
        long needed = rows == 0 || cols == 0 ? 0 : off + (long) (rows - 1) * ld + cols;
        if (needed > x.length) {
            throw new IllegalArgumentException("sgemm: " + what + " with offset " + off + " and leading dimension " + ld
                    + " needs " + needed + " floats, its array has " + x.length);
        }
    }
}
