package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The tour in tensor/README.md, run as written, with its claims checked. */
class ReadmeTourTest {
    @Test
    void theTourRunsAndGivesTheShapesItPromises() {
        Tensor x = Tensor.normal(Tensor.rng(42), 0f, 1f, 2, 3, 4, 5);
        Tensor bias = Tensor.zeros(1, 3, 1, 1);
        Tensor y = x.add(bias).relu();
        y.mulInPlace(0.5f);
        Tensor mean = y.mean(new int[] {0, 2, 3}, true);
        Tensor var = y.variance(new int[] {0, 2, 3}, false, true);
        Tensor probs = x.softmax(1);
        int[] classes = x.argmax(1);
        Tensor.MaxResult m = x.max(1, false);
        Tensor g = Tensor.ones(2, 3, 4, 5).sumTo(1, 3, 1, 1);
        Tensor nhwc = x.permute(0, 2, 3, 1);
        Tensor skip = Tensor.concat(1, x, x);
        Tensor padded = x.pad2d(1, 1, 1, 1, 0f), back = padded.crop2d(1, 1, 4, 5);
        Tensor c = Tensor.ones(8, 4, 3).matmul(Tensor.ones(3, 2));
        Tensor out = Tensor.zeros(2, 3, 4, 5);
        Elementwise.sigmoid(x, out);
        Elementwise.mul(out, x, out);

        assertArrayEquals(new int[] {1, 3, 1, 1}, mean.shape());
        assertArrayEquals(new int[] {1, 3, 1, 1}, var.shape());
        assertEquals(2 * 4 * 5, probs.sum().item(), 1e-4f);
        assertEquals(2 * 4 * 5, classes.length);
        assertArrayEquals(new int[] {2, 4, 5}, m.values().shape());
        assertArrayEquals(classes, m.indices());
        assertArrayEquals(new float[] {40, 40, 40}, g.data());
        assertArrayEquals(new int[] {2, 4, 5, 3}, nhwc.shape());
        assertArrayEquals(new int[] {2, 6, 4, 5}, skip.shape());
        assertEquals(x, back);
        assertArrayEquals(new int[] {8, 4, 2}, c.shape());
        assertEquals(3f, c.get(7, 3, 1));
        float v = x.get(1, 2, 3, 4);
        assertEquals(v / (1 + Math.exp(-v)), out.get(1, 2, 3, 4), 1e-6);
    }
}
