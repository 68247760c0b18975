package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    @Test
    void permuteMovesEveryElementToItsPermutedIndex() {
        int[][] shapes = {{2, 3, 4, 5}, {1, 7, 1, 3}, {3, 17}, {4}, {2, 0, 3}};
        int[][][] perms = {{{0, 2, 3, 1}, {3, 2, 1, 0}, {0, 1, 3, 2}, {1, 0, 2, 3}, {0, 1, 2, 3}},
                {{1, 3, 0, 2}, {2, 0, 3, 1}}, {{1, 0}}, {{0}}, {{2, 0, 1}}};
        for (int s = 0; s < shapes.length; s++) {
            Tensor x = Ref.random(s, shapes[s]);
            for (int[] perm : perms[s]) {
                Tensor y = x.permute(perm);
                int[] ys = y.shape();
                for (int i = 0; i < ys.length; i++) assertEquals(shapes[s][perm[i]], ys[i]);
                for (int i = 0; i < y.size(); i++) {
                    int[] yi = Ref.unravel(i, ys);
                    int[] xi = new int[yi.length];
                    for (int d = 0; d < yi.length; d++) xi[perm[d]] = yi[d];
                    assertEquals(x.get(xi), y.data()[i]);
                }
            }
        }
        Tensor big = Ref.random(1, 300, 257);
        Tensor t = big.transpose(0, 1);
        assertArrayEquals(new int[] {257, 300}, t.shape());
        assertEquals(big.get(123, 45), t.get(45, 123));
        assertEquals(big, t.transpose(-1, -2));
        assertThrows(IllegalArgumentException.class, () -> big.permute(0, 0));
        assertThrows(IllegalArgumentException.class, () -> big.permute(0));
    }

    @Test
    void sliceAndCopyIntoSliceAreInverses() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor s = x.slice(1, 1, 3);
        assertArrayEquals(new int[] {2, 2, 4}, s.shape());
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}, s.data());
        assertArrayEquals(new float[] {3, 7, 11, 15, 19, 23}, x.slice(-1, 3, 4).data());
        assertEquals(0, x.slice(0, 1, 1).size());
        Tensor back = ShapeOps.copyIntoSlice(s, Tensor.zeros(2, 3, 4), 1, 1);
        for (int i = 0; i < 2; i++) for (int k = 0; k < 4; k++) {
            assertEquals(0f, back.get(i, 0, k));
            assertEquals(x.get(i, 1, k), back.get(i, 1, k));
            assertEquals(x.get(i, 2, k), back.get(i, 2, k));
        }
        var e = assertThrows(IllegalArgumentException.class, () -> x.slice(1, 2, 4));
        assertTrue(e.getMessage().contains("slice") && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ShapeOps.copyIntoSlice(s, Tensor.zeros(2, 3, 4), 1, 2));
    }

    @Test
    void concatJoinsAlongADimensionAndSlicesRecoverTheParts() {
        Tensor a = Ref.random(1, 2, 3, 5), b = Ref.random(2, 2, 1, 5), c = Ref.random(3, 2, 4, 5);
        Tensor cat = Tensor.concat(1, a, b, c);
        assertArrayEquals(new int[] {2, 8, 5}, cat.shape());
        assertEquals(a, cat.slice(1, 0, 3));
        assertEquals(b, cat.slice(1, 3, 4));
        assertEquals(c, cat.slice(1, 4, 8));
        assertEquals(Tensor.arange(6), Tensor.concat(0, Tensor.arange(2), Tensor.zeros(0), Tensor.arange(2f, 6f, 1f)));
        Tensor last = Tensor.concat(-1, a, a);
        assertArrayEquals(new int[] {2, 3, 10}, last.shape());
        assertEquals(a.get(1, 2, 4), last.get(1, 2, 9));
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.concat(1, a, Tensor.zeros(3, 3, 5)));
        assertTrue(e.getMessage().contains("concat") && e.getMessage().contains("[2, 3, 5]") && e.getMessage().contains("[3, 3, 5]"), e.getMessage());
    }

    @Test
    void padAndCropOfTheLastTwoDimensions() {
        Tensor x = Tensor.arange(1f, 13f, 1f).reshape(2, 2, 3);
        Tensor p = x.pad2d(1, 2, 0, 1, -1f);
        assertArrayEquals(new int[] {2, 5, 4}, p.shape());
        assertArrayEquals(new float[] {-1, -1, -1, -1, 1, 2, 3, -1, 4, 5, 6, -1, -1, -1, -1, -1, -1, -1, -1, -1},
                java.util.Arrays.copyOf(p.data(), 20));
        assertEquals(x, p.crop2d(1, 0, 2, 3));
        assertArrayEquals(new float[] {5, 6, 11, 12}, x.crop2d(1, 1, 1, 2).data());
        Tensor out = Tensor.full(9f, 2, 4, 5);
        ShapeOps.pad2d(x, 1, 1, 0f, out);
        assertEquals(0f, out.get(0, 0, 0));
        assertEquals(1f, out.get(0, 1, 1));
        assertEquals(0f, out.get(1, 3, 4), "every border element is overwritten");
        assertEquals(0, x.crop2d(0, 0, 0, 3).size());
        var e = assertThrows(IllegalArgumentException.class, () -> x.crop2d(1, 1, 2, 2));
        assertTrue(e.getMessage().contains("crop2d") && e.getMessage().contains("[2, 2, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.pad2d(-1, 0, 0, 0, 0f));
        assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3).pad2d(1, 1, 1, 1, 0f));
    }
}
