package mgdaunet.nn.loss;

import static org.junit.jupiter.api.Assertions.*;

import mgdaunet.autograd.F;
import mgdaunet.autograd.GradCheck;
import mgdaunet.autograd.Reduction;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static Variable p(float[] v, int... shape) {
        return Variable.parameter(Tensor.of(v, shape));
    }

    @Test
    void crossEntropyModuleIsTheFusedOpWithItsOptions() {
        // Equal logits over 2 classes: log 2 per counted pixel; weights [1, 3] and one ignored pixel.
        Variable x = Variable.parameter(Tensor.zeros(1, 2, 1, 3));
        int[] t = {0, 1, -100};
        assertEquals(Math.log(2), new CrossEntropyLoss().forward(x, t).item(), 1e-7);
        assertEquals(2 * Math.log(2), new CrossEntropyLoss(null, -100, Reduction.SUM).forward(x, t).item(), 1e-6);
        assertEquals(Math.log(2), new CrossEntropyLoss(new float[] {1, 3}, -100, Reduction.MEAN).forward(x, t).item(), 1e-7);
        // ignore index 1 instead: only pixel 0 counts, and -100 is then out of range.
        assertEquals(Math.log(2), new CrossEntropyLoss(null, 1, Reduction.MEAN).forward(x, new int[] {0, 1, 1}).item(), 1e-7);
    }

    @Test
    void bceWithLogitsAndMse() {
        // logit 0 against target 1: log 2; BCE mean over two such values.
        Variable z = p(new float[] {0, 0}, 2);
        assertEquals(Math.log(2), new BceWithLogitsLoss().forward(z, Tensor.of(new float[] {1, 0}, 2)).item(), 1e-7);
        // (1 - 0)^2 and (3 - 1)^2: mean 2.5, sum 5; d mean / dx = 2 (x - t) / n = [1, 2].
        Variable x = p(new float[] {1, 3}, 2);
        Variable loss = new MseLoss().forward(x, Tensor.of(new float[] {0, 1}, 2));
        assertEquals(2.5f, loss.item());
        loss.backward();
        assertArrayEquals(new float[] {1, 2}, x.grad().data());
        assertEquals(5f, new MseLoss(Reduction.SUM).forward(x, Tensor.of(new float[] {0, 1}, 2)).item());
        var e = assertThrows(IllegalArgumentException.class, () -> new MseLoss().forward(x, Tensor.zeros(3)));
        assertEquals("mse_loss: output [2] and target [3] differ in shape", e.getMessage());
    }

    @Test
    void diceOfHandComputedProbabilities() {
        // Logits [0, 0] everywhere: p = 1/2 for both classes. Two pixels, targets [0, 1], smooth 0:
        // class 0: 2 * (1/2) / (1 + 1) = 1/2; class 1 the same: loss 1 - 1/2 = 1/2.
        Variable x = Variable.parameter(Tensor.zeros(1, 2, 1, 2));
        assertEquals(0.5f, Losses.dice(x, new int[] {0, 1}, true, -1, 0f, -100).item(), 1e-7f);
        // Targets [0, 0]: class 0: 2 (1/2 + 1/2) / (1 + 2) = 2/3; class 1 absent from the target:
        // 0 / (1 + 0) = 0, so the loss is 1 - (2/3 + 0) / 2 = 2/3; with smooth 1: (2 + 1)/(3 + 1) = 3/4 and
        // 1/(1 + 1) = 1/2, loss 1 - 5/8 = 3/8.
        assertEquals(2f / 3f, Losses.dice(x, new int[] {0, 0}, true, -1, 0f, -100).item(), 1e-6f);
        assertEquals(3f / 8f, new DiceLoss().forward(x, new int[] {0, 0}).item(), 1e-6f);
        // Without the background class 1: only class 0 counts, 1 - 3/4 = 1/4.
        assertEquals(0.25f, DiceLoss.excludingBackground(1).forward(x, new int[] {0, 0}).item(), 1e-6f);
        // Ignoring pixel 1: class 0 has p-sum 1/2, t-sum 1, overlap 1/2: (1 + 1)/(3/2 + 1) = 4/5;
        // class 1: p-sum 1/2, t-sum 0: 1 / (3/2) = 2/3; loss 1 - (4/5 + 2/3) / 2 = 4/15.
        assertEquals(4f / 15f, new DiceLoss(true, -1, 1f, 7).forward(x, new int[] {0, 7}).item(), 1e-6f);
        // A perfect, confident prediction scores a loss near 0.
        Variable sure = p(new float[] {20, -20, -20, 20}, 1, 2, 1, 2);
        assertEquals(0f, new DiceLoss().forward(sure, new int[] {0, 1}).item(), 1e-6f);
    }

    @Test
    void diceGradientsPassTheGradientCheck() {
        int[] targets = {0, 2, 1, 1, 2, 0, 0, 1, -100, 2, 1, 0};
        Tensor logits = Tensor.uniform(Tensor.rng(4), -2f, 2f, 2, 3, 2, 3);
        GradCheck.standard().check(v -> Losses.dice(v[0], targets, true, -1, 1f, -100), logits).assertOk();
        GradCheck.standard().check(v -> Losses.dice(v[0], targets, false, 2, 0.5f, -100), logits).assertOk();
        // Rank 2 logits (N x C) work as well.
        GradCheck.standard().check(v -> new DiceLoss().forward(v[0], new int[] {1, 0, 2}), Tensor.uniform(Tensor.rng(5), -1f, 1f, 3, 3)).assertOk();
    }

    @Test
    void diceRefusesBadTargets() {
        Variable x = Variable.parameter(Tensor.zeros(1, 2, 1, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> new DiceLoss().forward(x, new int[] {0, 2}));
        assertTrue(e.getMessage().startsWith("dice_loss: target 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DiceLoss().forward(x, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> DiceLoss.excludingBackground(5).forward(x, new int[] {0, 1}));
    }

    @Test
    void lossesDriveGradientDescentDownhill() {
        Variable x = Variable.parameter(Tensor.uniform(Tensor.rng(1), -1f, 1f, 2, 3, 4, 4));
        int[] t = new int[32];
        for (int i = 0; i < t.length; i++) t[i] = (i * 7) % 3;
        Loss<int[]> loss = (out, target) -> F.add(new CrossEntropyLoss().forward(out, target), new DiceLoss().forward(out, target));
        float before = loss.forward(x, t).item();
        for (int step = 0; step < 20; step++) {
            x.zeroGrad();
            loss.forward(x, t).backward();
            x.value().subInPlace(x.grad().mul(2f));
        }
        assertTrue(loss.forward(x, t).item() < 0.5f * before, "loss " + before + " -> " + loss.forward(x, t).item());
    }
}
