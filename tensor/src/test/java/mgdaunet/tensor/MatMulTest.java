package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class MatMulTest {
    /** op(a)[i][p] with a stored [rows, cols] (or its transpose), for batch entry b (0 for 2-D). */
    private static double at(Tensor a, boolean trans, int b, int i, int p) {
        int r = a.rank();
        int bb = r == 3 ? b : 0;
        int rows = a.dim(-2), cols = a.dim(-1);
        int ri = trans ? p : i, ci = trans ? i : p;
        return a.data()[(bb * rows + ri) * cols + ci];
    }

    private static void check(Tensor a, boolean ta, Tensor b, boolean tb) {
        Tensor c = MatMul.matmul(a, ta, b, tb);
        int[] cs = c.shape();
        int batch = cs.length == 3 ? cs[0] : 1, m = cs[cs.length - 2], n = cs[cs.length - 1];
        int k = a.dim(ta ? -2 : -1);
        for (int bi = 0; bi < batch; bi++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += at(a, ta, bi, i, p) * at(b, tb, bi, p, j);
                    assertEquals(s, c.data()[(bi * m + i) * n + j], 1e-5 * Math.max(1, k), Shape.str(a.shape()) + (ta ? "^T" : "")
                            + " x " + Shape.str(b.shape()) + (tb ? "^T" : ""));
                }
            }
        }
    }

    @Test
    void productsMatchTheDoubleReferenceForEveryLayout() {
        int m = 5, k = 7, n = 3, batch = 4;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a2 = Ref.random(1, ta ? k : m, ta ? m : k), b2 = Ref.random(2, tb ? n : k, tb ? k : n);
                Tensor a3 = Ref.random(3, batch, ta ? k : m, ta ? m : k), b3 = Ref.random(4, batch, tb ? n : k, tb ? k : n);
                check(a2, ta, b2, tb);
                check(a3, ta, b3, tb);
                check(a3, ta, b2, tb);
                check(a2, ta, b3, tb);
            }
        }
        check(Ref.random(5, 1, 1), false, Ref.random(6, 1, 1), false);
        check(Ref.random(5, 1, 33), false, Ref.random(6, 33, 1), false);
    }

    @Test
    void instanceFormEmptyInnerDimensionAndShapeErrors() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 3, 2);
        assertArrayEquals(new float[] {4, 5, 10, 11}, a.matmul(b).data());
        Tensor z = Tensor.zeros(2, 0).matmul(Tensor.zeros(0, 3));
        assertArrayEquals(new float[6], z.data());
        var e = assertThrows(IllegalArgumentException.class, () -> a.matmul(a));
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).matmul(Tensor.zeros(3, 2)));
    }
}
