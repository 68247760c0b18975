package mgdaunet.autograd;

import static org.junit.jupiter.api.Assertions.*;

import mgdaunet.tensor.Buffers;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The engine alone, with two tiny ops defined here so that the test depends on nothing else. */
class GraphTest {
    /** y = x * x, elementwise. */
    static final class Square extends Op {
        private Tensor x;

        static Variable apply(Variable in) {
            float[] v = in.value().data(), out = new float[v.length];
            for (int i = 0; i < v.length; i++) out[i] = v[i] * v[i];
            Square op = new Square();
            op.x = in.value();
            return Graph.record(op, Tensor.wrap(out, in.shape()), in);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            float[] gd = g.data(), xd = x.data(), out = new float[gd.length];
            for (int i = 0; i < out.length; i++) out[i] = 2 * xd[i] * gd[i];
            return new Tensor[] {Tensor.wrap(out, x.shape())};
        }

        @Override
        protected void release() {
            x = null;
        }
    }

    /** y = a + b, same shapes; hands the same gradient tensor to both inputs. */
    static final class Plus extends Op {
        static Variable apply(Variable a, Variable b) {
            float[] x = a.value().data(), y = b.value().data(), out = new float[x.length];
            for (int i = 0; i < out.length; i++) out[i] = x[i] + y[i];
            return Graph.record(new Plus(), Tensor.wrap(out, a.shape()), a, b);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {needsGrad(0) ? g : null, needsGrad(1) ? g : null};
        }
    }

    /** {@link Square} whose gradients are {@link Tensor#scratch} tensors, which the graph recycles. */
    static final class ScratchSquare extends Op {
        private Tensor x;

        static Variable apply(Variable in) {
            Variable y = Square.apply(Variable.constant(in.value()));
            ScratchSquare op = new ScratchSquare();
            op.x = in.value();
            return Graph.record(op, y.value(), in);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            Tensor out = Tensor.scratch(x.shape());
            float[] gd = g.data(), xd = x.data(), o = out.data();
            for (int i = 0; i < o.length; i++) o[i] = 2 * xd[i] * gd[i];
            return new Tensor[] {out};
        }
    }

    @Test
    void recycledGradientArraysNeverChangeAResult() {
        // s = x^2, t = s^2, f = (t + s) + (s + x): df/dx = (2s + 2) 2x + 1. Plus hands one tensor to two
        // inputs, s gets three contributions (a new sum, then one added in place), x two; big enough
        // arrays for the pool. With -Dmgdaunet.poisonBuffers (the test suite's setting) a recycled
        // array read before it is written would turn the result into NaN.
        int n = 8192;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i % 97) * 0.01f - 0.4f;
        for (int step = 0; step < 3; step++) {
            Variable x = Variable.parameter(Tensor.of(v, n));
            Variable s = ScratchSquare.apply(x);
            Variable f = Plus.apply(Plus.apply(ScratchSquare.apply(s), s), Plus.apply(s, x));
            f.backward(Tensor.ones(n));
            float[] g = x.grad().data();
            for (int i = 0; i < n; i++) {
                float sv = v[i] * v[i];
                assertEquals((2 * sv + 2) * 2 * v[i] + 1, g[i], 1e-5f, "step " + step + ", element " + i);
            }
            assertTrue(Buffers.pooledBytes() > 0, "the dead scratch gradients went back to the pool");
        }
    }

    @Test
    void aLeafsAdoptedGradientPassedBackAsUpstreamIsNotRecycled() {
        // The MGDA-UB pattern with scratch gradients: zd's gradient is the scratch tensor itself (no
        // copy); sending it down the trunk as the upstream gradient must leave it intact.
        int n = 8192;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 1f + (i % 13) * 0.1f;
        Variable x = Variable.parameter(Tensor.of(v, n));
        Variable z = ScratchSquare.apply(x);
        Variable zd = z.detachRequiringGrad();
        ScratchSquare.apply(zd).backward(Tensor.ones(n));
        Tensor gz = zd.grad();
        float[] before = gz.data().clone();
        z.backward(gz);
        ScratchSquare.apply(Variable.parameter(Tensor.of(v, n))).backward(Tensor.ones(n)); // would reuse a recycled gz
        assertArrayEquals(before, gz.data(), "the leaf's gradient is untouched");
        for (int i = 0; i < n; i++) assertEquals(2 * v[i] * v[i] * 2 * v[i], x.grad().data()[i], 1e-3f); // 2z * 2x
    }

    @Test
    void gradientsAccumulateOverUsesOfAVariable() {
        // f = x^2 + x^2 + x, df/dx = 4x + 1 = 13 at x = 3.
        Variable x = Variable.parameter(Tensor.scalar(3f));
        Variable s = Square.apply(x);
        Variable f = Plus.apply(Plus.apply(s, s), x);
        f.backward();
        assertEquals(13f, x.grad().item());
        assertNull(s.grad(), "intermediate gradients are not kept unless retained");
    }

    @Test
    void gradientsAccumulateAcrossCallsUntilZeroed() {
        Variable x = Variable.parameter(Tensor.scalar(2f));
        Square.apply(x).backward();
        Square.apply(x).backward();
        assertEquals(8f, x.grad().item());
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void aFreedGraphRefusesASecondBackwardAndARetainedOneAllowsIt() {
        Variable x = Variable.parameter(Tensor.scalar(2f));
        Variable y = Square.apply(x);
        y.backward(Tensor.ones(), true);
        y.backward(Tensor.ones());
        assertEquals(8f, x.grad().item());
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
    }

    @Test
    void aGraphTenThousandOpsDeepDoesNotOverflowTheStack() {
        Variable x = Variable.parameter(Tensor.scalar(1f));
        Variable zero = Variable.constant(Tensor.scalar(0f));
        Variable y = x;
        for (int i = 0; i < 10_000; i++) y = Plus.apply(y, zero);
        y.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void constantsAndNoGradScopesRecordNothing() {
        Variable c = Variable.constant(Tensor.scalar(2f));
        assertFalse(Square.apply(c).requiresGrad());
        Variable x = Variable.parameter(Tensor.scalar(2f));
        try (var g = Graph.noGrad()) {
            Variable y = Square.apply(x);
            assertFalse(y.requiresGrad());
            assertNull(y.creator());
        }
        assertTrue(Square.apply(x).requiresGrad());
        assertThrows(IllegalStateException.class, () -> Square.apply(c).backward());
    }

    @Test
    void detachCutsTheGraphAndBackwardInjectsAnUpstreamGradient() {
        // The MGDA-UB pattern: z = x^2; zd = detach(z); loss = zd^2; inject dloss/dzd at z.
        Variable x = Variable.parameter(Tensor.of(new float[] {1f, 2f}, 2));
        Variable z = Square.apply(x);
        Variable zd = z.detachRequiringGrad();
        Variable loss = Square.apply(zd);
        loss.backward(Tensor.ones(2));
        assertNull(x.grad(), "nothing flows through the detached leaf");
        assertArrayEquals(new float[] {2f, 8f}, zd.grad().data()); // 2 z
        z.backward(zd.grad());
        assertArrayEquals(new float[] {4f, 32f}, x.grad().data()); // 2 z * 2 x
    }

    @Test
    void upstreamGradientMustHaveTheVariablesShape() {
        Variable x = Variable.parameter(Tensor.zeros(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> Square.apply(x).backward(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }
}
