package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaskTargetsTest {
    static final int H = 20, W = 40;

    private static byte[] blank() {
        byte[] m = new byte[H * W];
        Arrays.fill(m, (byte) SceneSet.BACKGROUND);
        return m;
    }

    /** Paints a filled rectangle of class {@code cls}. */
    private static void box(byte[] m, int cls, int y0, int x0, int h, int w) {
        for (int y = y0; y < y0 + h; y++) for (int x = x0; x < x0 + w; x++) m[y * W + x] = (byte) cls;
    }

    private static MaskTargets.Derived derive(byte[]... masks) {
        byte[] all = new byte[masks.length * H * W];
        for (int i = 0; i < masks.length; i++) System.arraycopy(masks[i], 0, all, i * H * W, H * W);
        return MaskTargets.derive(all, masks.length, H, W, "masks.npy");
    }

    @Test
    void leftStartsLeftmostRightEndsRightmost() {
        byte[] m = blank();
        box(m, 7, 2, 3, 10, 8);   // columns 3-10
        box(m, 4, 5, 12, 10, 20); // columns 12-31, ends rightmost
        box(m, 1, 0, 6, 4, 2);    // columns 6-7
        MaskTargets.Derived d = derive(m);
        assertEquals(7, d.left()[0]);
        assertEquals(4, d.right()[0]);
        assertEquals(3, d.count()[0]);
    }

    @Test
    void twoDigitsOfOneClassApartCountTwice() {
        byte[] m = blank();
        box(m, 5, 0, 0, 8, 8);
        box(m, 5, 6, 20, 8, 8);
        MaskTargets.Derived d = derive(m);
        assertEquals(2, d.count()[0]);
        assertEquals(5, d.left()[0]);
        assertEquals(5, d.right()[0]);
    }

    @Test
    void piecesUnderFortyPixelsAreNoDigitsOfTheirOwn() {
        byte[] m = blank();
        box(m, 3, 2, 2, 10, 12);  // a 3, columns 2-13 ...
        box(m, 8, 0, 10, 20, 2);  // ... cut by an 8 at columns 10-11: pieces of 80 and 20 pixels
        box(m, 3, 18, 30, 1, 2);  // and a two-pixel speck of class 3 far away
        assertEquals(2, derive(m).count()[0], "one 3 and one 8");
    }

    @Test
    void piecesWhoseBoxesOverlapAreOneDigit() {
        byte[] m = blank();
        box(m, 2, 0, 0, 10, 2);   // an L: rows 0-9 of columns 0-1 ...
        box(m, 2, 8, 0, 2, 12);   // ... and rows 8-9 of columns 0-11 (40 pixels)
        box(m, 2, 0, 4, 7, 6);    // 42 pixels inside the L's box, not touching it
        assertEquals(1, derive(m).count()[0]);
        byte[] apart = blank();
        box(apart, 2, 0, 0, 10, 2);
        box(apart, 2, 8, 0, 2, 12);
        box(apart, 2, 0, 14, 7, 6); // the same piece beside the L's box
        assertEquals(2, derive(apart).count()[0]);
    }

    @Test
    void aClassWithOnlySmallPiecesStillCountsOnce() {
        byte[] m = blank();
        box(m, 1, 0, 0, 3, 2);
        box(m, 6, 5, 10, 10, 10);
        assertEquals(2, derive(m).count()[0]);
    }

    @Test
    void severalImagesAreIndependent() {
        byte[] a = blank(), b = blank();
        box(a, 2, 0, 0, 10, 10);
        box(a, 9, 0, 20, 10, 10);
        box(b, 0, 3, 25, 10, 10);
        box(b, 6, 3, 1, 10, 10);
        box(b, 6, 3, 12, 10, 6);
        MaskTargets.Derived d = derive(a, b);
        assertArrayEquals(new int[] {2, 6}, d.left());
        assertArrayEquals(new int[] {9, 0}, d.right());
        assertArrayEquals(new int[] {2, 3}, d.count());
    }

    @Test
    void anImageWithoutDigitsIsAnErrorNamingTheFile() {
        byte[] a = blank();
        box(a, 2, 0, 0, 10, 10);
        DataFileException e = assertThrows(DataFileException.class, () -> derive(a, blank()));
        assertEquals("masks.npy: image 1 has no digit pixels in its mask, so it has no left or right digit", e.getMessage());
    }
}
