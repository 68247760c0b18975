package mgdaunet.nn.optim;

import static mgdaunet.nn.optim.PyTorchReference.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
    /** The gradients a * p + b of the reference set-up, as nn/scripts/optim_reference.py clips them. */
    private static List<Variable> withGradients() {
        List<Variable> ps = OptimizerTest.params();
        ps.get(0).setGrad(OptimizerTest.grad(ps.get(0), OptimizerTest.A0, OptimizerTest.B0));
        ps.get(1).setGrad(OptimizerTest.grad(ps.get(1), OptimizerTest.A1, OptimizerTest.B1));
        return ps;
    }

    @Test
    void clipsLikePyTorch() {
        List<Variable> ps = withGradients();
        double norm = GradientClipping.clipByGlobalNorm(ps, 1.0);
        assertEquals(CLIP_1_NORM, norm, 1e-6);
        OptimizerTest.assertClose(CLIP_1_G0, ps.get(0).grad().data(), "g0");
        OptimizerTest.assertClose(CLIP_1_G1, ps.get(1).grad().data(), "g1");
    }

    @Test
    void leavesSmallGradientsAlone() {
        List<Variable> ps = withGradients();
        float[] before0 = ps.get(0).grad().data().clone(), before1 = ps.get(1).grad().data().clone();
        double norm = GradientClipping.clipByGlobalNorm(ps, 100.0);
        assertEquals(CLIP_100_NORM, norm, 1e-6);
        assertArrayEquals(before0, ps.get(0).grad().data());
        assertArrayEquals(before1, ps.get(1).grad().data());
        assertArrayEquals(CLIP_100_G0, before0);
    }

    @Test
    void skipsMissingGradientsAndHandlesZero() {
        Variable none = Variable.parameter(Tensor.ones(3));
        Variable zero = Variable.parameter(Tensor.ones(1));
        zero.setGrad(Tensor.zeros(1));
        assertEquals(0.0, GradientClipping.clipByGlobalNorm(List.of(none, zero), 1.0));
        assertNull(none.grad());
        assertEquals(0f, zero.grad().item());
        assertEquals(0.0, GradientClipping.clipByGlobalNorm(List.of(), 1.0));
    }

    @Test
    void normIsGlobalAcrossParameters() {
        Variable a = Variable.parameter(Tensor.zeros(1)), b = Variable.parameter(Tensor.zeros(1));
        a.setGrad(Tensor.of(new float[] {3f}, 1));
        b.setGrad(Tensor.of(new float[] {4f}, 1));
        assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(a, b), 1.0), 0.0);
        // each scaled by 1 / (5 + 1e-6), not clipped separately
        assertEquals(0.6f, a.grad().item(), 1e-6f);
        assertEquals(0.8f, b.grad().item(), 1e-6f);
    }

    @Test
    void nonFiniteNormPropagatesAsInPyTorch() {
        Variable a = Variable.parameter(Tensor.zeros(2));
        a.setGrad(Tensor.of(new float[] {Float.NaN, 1f}, 2));
        assertTrue(Double.isNaN(GradientClipping.clipByGlobalNorm(List.of(a), 1.0)));
        assertTrue(Float.isNaN(a.grad().data()[1]));
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.clipByGlobalNorm(List.of(a), -1));
    }
}
