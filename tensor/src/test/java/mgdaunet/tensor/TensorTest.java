package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void reshapeIsAViewSharingData() {
        Tensor t = Tensor.arange(6);
        Tensor r = t.reshape(2, -1);
        assertArrayEquals(new int[] {2, 3}, r.shape());
        r.set(42f, 1, 2);
        assertEquals(42f, t.get(5));
    }

    @Test
    void reshapeRejectsWrongSizeNamingBothShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    }

    @Test
    void factoriesAndSeededRandomAreReproducible() {
        assertEquals(0, Tensor.zeros(0, 3).size());
        assertEquals(1, Tensor.scalar(3f).size());
        assertEquals(3f, Tensor.scalar(3f).item());
        assertArrayEquals(new float[] {1, 1.5f, 2, 2.5f}, Tensor.arange(1f, 3f, 0.5f).data());
        Tensor a = Tensor.normal(Tensor.rng(7), 0f, 1f, 100);
        Tensor b = Tensor.normal(Tensor.rng(7), 0f, 1f, 100);
        assertEquals(a, b);
        Tensor u = Tensor.uniform(Tensor.rng(1), -2f, 3f, 1000);
        for (float v : u.data()) assertTrue(v >= -2f && v < 3f);
    }

    @Test
    void allCloseUsesRelativeAndAbsoluteTolerance() {
        Tensor a = Tensor.of(new float[] {1f, 100f}, 2);
        Tensor b = Tensor.of(new float[] {1.0005f, 100.05f}, 2);
        assertTrue(a.allClose(b, 1e-3f, 1e-3f));
        assertFalse(a.allClose(b, 0f, 1e-4f));
        assertFalse(a.allClose(Tensor.of(new float[] {1f, Float.NaN}, 2), 1f, 1f));
        assertFalse(a.allClose(Tensor.zeros(1, 2), 1f, 1f));
    }

    @Test
    void toStringPrintsNestedValuesAndShape() {
        String s = Tensor.arange(4).reshape(2, 2).toString();
        assertTrue(s.contains("[[0., 1.],") && s.contains("[2., 3.]]") && s.endsWith("shape=[2, 2])"), s);
    }
}
