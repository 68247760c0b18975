package mgdaunet.nn.optim;

import static mgdaunet.nn.optim.PyTorchReference.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Schedules against PyTorch's schedulers stepped once per epoch (nn/scripts/optim_reference.py, base lr 0.1). */
class LearningRateScheduleTest {
    private static void assertSchedule(double[] expected, LearningRateSchedule s) {
        for (int e = 0; e < expected.length; e++) {
            // PyTorch's chainable form multiplies step by step; the closed form differs in the last bits only
            assertEquals(expected[e], s.at(e), 1e-12, s + " at epoch " + e);
        }
    }

    @Test
    void stepLR() {
        assertSchedule(STEP_LR_3_HALF, LearningRateSchedule.step(0.1, 3, 0.5));
    }

    @Test
    void senerKoltunIsTimes085EveryTenEpochs() {
        assertSchedule(STEP_LR_SENER_KOLTUN, LearningRateSchedule.senerKoltun(0.1));
        assertEquals(new LearningRateSchedule.Step(0.1, 10, 0.85), LearningRateSchedule.senerKoltun(0.1));
    }

    @Test
    void exponentialLR() {
        assertSchedule(EXPONENTIAL_LR_09, LearningRateSchedule.exponential(0.1, 0.9));
    }

    @Test
    void cosineAnnealingLRIncludingPastTheEnd() {
        assertSchedule(COSINE_LR_10_MIN_0001, LearningRateSchedule.cosine(0.1, 10, 0.001));
    }

    @Test
    void cosineWithLinearWarmup() {
        assertSchedule(COSINE_WARMUP_3_OF_10, LearningRateSchedule.cosineWithWarmup(0.1, 3, 10, 0.0));
    }

    @Test
    void constantAndApplyTo() {
        Sgd opt = new Sgd(List.of(Variable.parameter(Tensor.ones(1))), Sgd.Options.of(0.1));
        LearningRateSchedule.step(0.1, 3, 0.5).applyTo(opt, 7);
        assertEquals(0.025, opt.learningRate(), 1e-15);
        LearningRateSchedule.constant(0.3).applyTo(opt, 100);
        assertEquals(0.3, opt.learningRate());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.exponential(0.1, 0));
        var c = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosineWithWarmup(0.1, 5, 5, 0));
        assertEquals("cosine schedule: total epochs 5 must exceed warmup epochs 5", c.getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.senerKoltun(0.1).at(-1));
        assertEquals("learning-rate schedule: negative epoch -1", e.getMessage());
    }
}
