package mgdaunet.autograd;

import static org.junit.jupiter.api.Assertions.*;

import java.util.random.RandomGenerator;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Tiny cases whose gradients are derived by hand in the comments, plus the facade's behaviour. */
class HandDerivedGradientsTest {
    private static Variable p(float... v) {
        return Variable.parameter(Tensor.of(v, v.length));
    }

    @Test
    void broadcastMultiplySumsTheGradientOverTheBroadcastDimension() {
        // f = sum_ij a_i b_j with a = [1, 2] as [2, 1] and b = [10, 20, 30] as [3]:
        // df/da_i = sum_j b_j = 60; df/db_j = sum_i a_i = 3.
        Variable a = Variable.parameter(Tensor.of(new float[] {1, 2}, 2, 1));
        Variable b = p(10, 20, 30);
        F.sum(F.mul(a, b)).backward();
        assertArrayEquals(new float[] {60, 60}, a.grad().data());
        assertArrayEquals(new int[] {2, 1}, a.grad().shape());
        assertArrayEquals(new float[] {3, 3, 3}, b.grad().data());
    }

    @Test
    void crossEntropyOfEqualLogitsIsLogTwoWithGradientSoftmaxMinusOneHot() {
        // logits [0, 0], target 0: softmax = [1/2, 1/2], loss = -log(1/2) = log 2,
        // dloss/dlogits = softmax - onehot = [-1/2, 1/2].
        Variable x = Variable.parameter(Tensor.zeros(1, 2));
        Variable loss = F.crossEntropy(x, new int[] {0});
        assertEquals(Math.log(2), loss.item(), 1e-7);
        loss.backward();
        assertArrayEquals(new float[] {-0.5f, 0.5f}, x.grad().data(), 1e-7f);
        // Two rows, the second ignored: the mean is over the first only, the ignored row gets 0.
        Variable y = Variable.parameter(Tensor.zeros(2, 2));
        Variable l2 = F.crossEntropy(y, new int[] {1, -100});
        assertEquals(Math.log(2), l2.item(), 1e-7);
        l2.backward();
        assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0}, y.grad().data(), 1e-7f);
        // Class weights w = [1, 3], targets [0, 1], equal logits: loss = (1 log 2 + 3 log 2) / (1 + 3) = log 2;
        // row 1's gradient is 3/4 of [1/2, -1/2].
        Variable z = Variable.parameter(Tensor.zeros(2, 2));
        Variable l3 = F.crossEntropy(z, new int[] {0, 1}, new float[] {1, 3}, -100, Reduction.MEAN);
        assertEquals(Math.log(2), l3.item(), 1e-7);
        l3.backward();
        assertArrayEquals(new float[] {-0.125f, 0.125f, 0.375f, -0.375f}, z.grad().data(), 1e-7f);
    }

    @Test
    void maxSendsTheGradientToTheFirstOfTiedMaxima() {
        // max([1, 3, 3]) = 3, first reached at index 1: the gradient [0, 1, 0].
        Variable x = Variable.parameter(Tensor.of(new float[] {1, 3, 3}, 1, 3));
        F.sum(F.max(x, 1, false)).backward();
        assertArrayEquals(new float[] {0, 1, 0}, x.grad().data());
    }

    @Test
    void softmaxGradientOfOneProbability() {
        // y = softmax([0, ln 3]) = [1/4, 3/4]; L = y_0; dL/dx_k = y_0 (delta_0k - y_k) = [3/16, -3/16].
        Variable x = Variable.parameter(Tensor.of(new float[] {0f, (float) Math.log(3)}, 1, 2));
        Variable y = F.softmax(x, 1);
        assertArrayEquals(new float[] {0.25f, 0.75f}, y.value().data(), 1e-7f);
        y.backward(Tensor.of(new float[] {1, 0}, 1, 2));
        assertArrayEquals(new float[] {0.1875f, -0.1875f}, x.grad().data(), 1e-7f);
    }

    @Test
    void matmulGradientsAreTheOtherOperandTransposed() {
        // C = A B with A = [1 2] (1x2), B = [3 4]^T (2x1): C = 11, dC/dA = B^T = [3 4], dC/dB = A^T = [1 2]^T.
        Variable a = Variable.parameter(Tensor.of(new float[] {1, 2}, 1, 2));
        Variable b = Variable.parameter(Tensor.of(new float[] {3, 4}, 2, 1));
        Variable c = F.matmul(a, b);
        assertEquals(11f, c.item());
        c.backward();
        assertArrayEquals(new float[] {3, 4}, a.grad().data());
        assertArrayEquals(new float[] {1, 2}, b.grad().data());
        assertArrayEquals(new int[] {2, 1}, b.grad().shape());
    }

    @Test
    void aMicrogradStyleExpression() {
        // The README's worked example: a = 2, b = -3, c = 10;
        // e = a * b = -6; d = e + c = 4; f = -2; L = d * f = -8.
        // dL/dd = f = -2, dL/df = d = 4, dL/dc = dL/dd = -2, dL/de = -2,
        // dL/da = dL/de * b = 6, dL/db = dL/de * a = -4.
        Variable a = Variable.parameter(Tensor.scalar(2f)), b = Variable.parameter(Tensor.scalar(-3f));
        Variable c = Variable.parameter(Tensor.scalar(10f)), f = Variable.parameter(Tensor.scalar(-2f));
        Variable e = F.mul(a, b);
        Variable d = F.add(e, c);
        Variable loss = F.mul(d, f);
        assertEquals(-8f, loss.item());
        loss.backward();
        assertEquals(6f, a.grad().item());
        assertEquals(-4f, b.grad().item());
        assertEquals(-2f, c.grad().item());
        assertEquals(4f, f.grad().item());
    }

    @Test
    void aTwoLayerNetworkTrainsDownhill() {
        // tanh(x W1 + b1) W2 -> cross-entropy; one gradient step must lower the loss.
        RandomGenerator rng = Tensor.rng(3);
        Variable x = Variable.constant(Tensor.normal(rng, 0f, 1f, 8, 5));
        int[] y = {0, 1, 2, 0, 1, 2, 0, 1};
        Variable w1 = Variable.parameter(Tensor.normal(rng, 0f, 0.5f, 5, 7)), b1 = Variable.parameter(Tensor.zeros(7));
        Variable w2 = Variable.parameter(Tensor.normal(rng, 0f, 0.5f, 7, 3));
        java.util.function.Supplier<Variable> loss = () -> F.crossEntropy(F.matmul(F.tanh(F.add(F.matmul(x, w1), b1)), w2), y);
        Variable l0 = loss.get();
        l0.backward();
        for (Variable w : new Variable[] {w1, b1, w2}) {
            w.value().subInPlace(w.grad().mul(0.5f));
            w.zeroGrad();
        }
        assertTrue(loss.get().item() < l0.item() - 1e-3, "loss " + l0.item() + " -> " + loss.get().item());
        assertNull(x.grad(), "constants get no gradient");
    }

    @Test
    void facadeShortcutsAndErrors() {
        Variable x = p(1, 2);
        assertSame(x, F.dropout(x, 0.5f, false, Tensor.rng(1)), "dropout is the identity outside training");
        assertThrows(IllegalArgumentException.class, () -> F.dropout(x, 1.5f, false, Tensor.rng(1)));
        Variable d = F.dropout(Variable.parameter(Tensor.ones(1000)), 0.5f, true, Tensor.rng(1));
        for (float v : d.value().data()) assertTrue(v == 0f || v == 2f);
        try (var g = Graph.noGrad()) {
            assertFalse(F.relu(x).requiresGrad());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> F.add(p(1, 2), p(1, 2, 3)));
        assertTrue(e.getMessage().contains("[2]") && e.getMessage().contains("[3]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(Variable.parameter(Tensor.zeros(2, 3)), new int[] {0, 5}));
        assertTrue(e.getMessage().contains("target 5"), e.getMessage());
        assertTrue(Float.isNaN(F.crossEntropy(Variable.parameter(Tensor.zeros(1, 3)), new int[] {-100}).item()),
                "a mean over no counted target is NaN, as in PyTorch");
        assertEquals(0f, F.mean(F.sub(p(3, 5), 4f)).item());
        assertEquals(2f, F.div(p(8), 4f).item());
        assertArrayEquals(new int[] {}, F.sum(p(1, 2, 3)).shape());
    }

    @Test
    void savedTensorsAreFreedAfterBackwardUnlessRetained() {
        Variable x = p(1, 2);
        Variable y = F.sum(F.exp(x));
        y.backward(Tensor.ones(), true);
        y.backward(Tensor.ones());
        assertEquals(2 * Math.E, x.grad().data()[0], 1e-5);
        assertThrows(IllegalStateException.class, y::backward);
    }
}
