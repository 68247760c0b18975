package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import mgdaunet.autograd.F;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.mgda.solver.MinNormSolver;
import mgdaunet.tensor.Tensor;
import mgdaunet.tensor.VectorMath;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MgdaUbTest {
    /** The Z-gradients the long way starts from: one trunk forward, each head's backward to a detached Z. */
    record ZGradients(float[][] g, double[] losses) {}

    static ZGradients zGradients(MultiTaskModel m, Variable x, Map<String, int[]> y) {
        Variable zd = m.trunk().forward(x).detachRequiringGrad();
        List<Task> tasks = m.tasks();
        float[][] g = new float[tasks.size()][];
        double[] losses = new double[tasks.size()];
        for (int t = 0; t < g.length; t++) {
            Variable loss = tasks.get(t).loss().apply(tasks.get(t).head().forward(zd), y.get(tasks.get(t).name()));
            losses[t] = loss.item();
            loss.backward();
            g[t] = zd.grad().data().clone();
            zd.zeroGrad();
        }
        m.zeroGrad();
        return new ZGradients(g, losses);
    }

    /** A fresh forward of the whole model and one backward of sum_t a_t L_t. */
    static void backwardWeightedSum(MultiTaskModel m, Variable x, Map<String, int[]> y, double[] a) {
        Variable z = m.trunk().forward(x);
        Variable total = null;
        for (int t = 0; t < a.length; t++) {
            Task task = m.tasks().get(t);
            Variable term = F.mul(task.loss().apply(task.head().forward(z), y.get(task.name())), (float) a[t]);
            total = total == null ? term : F.add(total, term);
        }
        total.backward();
    }

    @ParameterizedTest(name = "{0} tasks, normalization {1}")
    @CsvSource({"2, none", "2, loss+", "3, none", "3, l2", "3, loss", "3, loss+"})
    void oneStepGivesTheGradientsOfTheLongWay(int tasks, String normalization) {
        GradientNormalization norm = GradientNormalization.parse(normalization);
        MultiTaskModel fast = model(11, tasks), slow = model(11, tasks);
        Variable x = input(12);
        Map<String, int[]> y = targets(13);
        Map<String, Tensor> start = buffers(fast);

        StepResult r = new MgdaUb(norm).step(fast, x, y);
        Map<String, Tensor> afterStep = buffers(fast);

        // The reference code's way: weights from the Z-gradients, then a fresh forward and backward of
        // sum_t a_t L_t. Its first forward moved the running statistics once already: put them back so
        // that the second moves them once, as the step did.
        ZGradients zg = zGradients(slow, x, y);
        double[] a = MinNormSolver.automatic().solve(norm.normalize(GramMatrix.of(zg.g()), zg.losses())).weights();
        restoreBuffers(slow, start);
        backwardWeightedSum(slow, x, y, a);

        assertSameGradients(grads(slow), grads(fast), 1e-5);
        assertSameBuffers(buffers(slow), afterStep);
        assertEquals(1f, afterStep.get("trunk.1.num_batches_tracked").item(), "the step ran the trunk forward once");
        assertTrue(afterStep.get("trunk.1.running_mean").maxAbsDiff(start.get("trunk.1.running_mean")) > 0);

        List<String> names = fast.taskNames();
        double sum = 0;
        for (int t = 0; t < tasks; t++) {
            assertEquals(a[t], r.weights().get(names.get(t)), 1e-12);
            assertEquals(zg.losses()[t], r.losses().get(names.get(t)), 1e-7);
            sum += a[t];
        }
        assertEquals(1, sum, 1e-12);
        assertEquals(List.copyOf(names), List.copyOf(r.outputs().keySet()));
        assertArrayEquals(new int[] {N, 3, H, W}, r.outputs().get("seg").shape());

        // Diagnostics, straight from the definitions.
        Diagnostics d = r.diagnostics();
        float[] combined = new float[zg.g()[0].length];
        for (int t = 0; t < tasks; t++) {
            assertEquals(Math.sqrt(VectorMath.sumOfSquares(zg.g()[t])), d.gradNormAtZ().get(names.get(t)), 1e-12);
            for (int s = 0; s < tasks; s++) {
                double cos = VectorMath.dot(zg.g()[t], zg.g()[s])
                        / Math.sqrt(VectorMath.sumOfSquares(zg.g()[t]) * VectorMath.sumOfSquares(zg.g()[s]));
                assertEquals(cos, d.cosines()[t][s], 1e-9);
            }
            for (int i = 0; i < combined.length; i++) combined[i] += (float) (a[t] * zg.g()[t][i]);
        }
        assertEquals(Math.sqrt(VectorMath.sumOfSquares(combined)), d.minNorm(), 1e-6 * d.minNorm() + 1e-12);
    }

    @ParameterizedTest(name = "{0} tasks")
    @CsvSource({"2", "3"})
    void ownHeadUpdateGivesEachHeadItsPlainGradientAndTheTrunkTheSameWeightedOne(int tasks) {
        MultiTaskModel own = model(41, tasks), scaled = model(41, tasks), plain = model(41, tasks);
        Variable x = input(42);
        Map<String, int[]> y = targets(43);
        StepResult r = new MgdaUb(GradientNormalization.NONE, HeadUpdate.OWN).step(own, x, y);
        StepResult rs = new MgdaUb(GradientNormalization.NONE, HeadUpdate.SCALED).step(scaled, x, y);
        assertEquals(rs.weights(), r.weights(), "the head update does not change the weights");
        // Each head's loss reaches only its own head, so the gradient of the plain sum gives every
        // head its own unscaled gradient.
        double[] ones = new double[tasks];
        java.util.Arrays.fill(ones, 1);
        backwardWeightedSum(plain, x, y, ones);
        Map<String, Tensor> expected = new java.util.LinkedHashMap<>();
        Map<String, Tensor> fromScaled = grads(scaled), fromPlain = grads(plain);
        fromScaled.forEach((k, g) -> expected.put(k, k.startsWith("trunk.") ? g : fromPlain.get(k)));
        assertSameGradients(expected, grads(own), 1e-5);
        // Guard: the weights are inside the simplex, so the two modes' head gradients differ.
        String head = "heads." + own.taskNames().getLast() + ".";
        Map<String, Tensor> ownGrads = grads(own);
        fromScaled.keySet().stream().filter(k -> k.startsWith("heads.")).forEach(k ->
                assertTrue(fromScaled.get(k).maxAbsDiff(ownGrads.get(k)) > 1e-4 * maxAbs(ownGrads.get(k)), k + " should differ between the modes"));
        assertTrue(fromScaled.keySet().stream().anyMatch(k -> k.startsWith(head)), "test expects head parameters named " + head + "*");
    }

    @Test
    void theWeightsAreInsideTheSimplexForThisModelSoTheComparisonScalesEveryHead() {
        // Guards the test above against a trivial case: with a vertex solution one head would get weight 0.
        StepResult r = new MgdaUb(GradientNormalization.NONE).step(model(11, 3), input(12), targets(13));
        r.weights().forEach((task, w) -> assertTrue(w > 0.01 && w < 0.99, task + " weight " + w));
    }

    @Test
    void theStepAddsToGradientsAlreadyThere() {
        MultiTaskModel fresh = model(21, 3), primed = model(21, 3);
        Variable x = input(22);
        Map<String, int[]> y = targets(23);
        new MgdaUb(GradientNormalization.LOSS_PLUS).step(fresh, x, y);
        primed.parameters().forEach(p -> p.setGrad(Tensor.full(0.5f, p.shape())));
        new MgdaUb(GradientNormalization.LOSS_PLUS).step(primed, x, y);
        Map<String, Tensor> expected = grads(fresh);
        expected.replaceAll((k, g) -> g.add(0.5f));
        assertSameGradients(expected, grads(primed), 1e-6);
    }

    @Test
    void oneTaskGetsWeightOneAndItsPlainGradient() {
        MultiTaskModel one = model(31, 1), ref = model(31, 1);
        Variable x = input(32);
        Map<String, int[]> y = targets(33);
        StepResult r = new MgdaUb(GradientNormalization.LOSS_PLUS).step(one, x, y);
        assertEquals(1.0, r.weights().get("seg"));
        backwardWeightedSum(ref, x, y, new double[] {1});
        assertSameGradients(grads(ref), grads(one), 1e-6);
    }

    @Test
    void missingTargetsAndANoGradScopeAreRefusedWithoutTouchingTheGradients() {
        MultiTaskModel m = model(41, 3);
        Map<String, int[]> y = targets(43);
        y.remove("right");
        var e = assertThrows(IllegalArgumentException.class, () -> new MgdaUb(GradientNormalization.NONE).step(m, input(42), y));
        assertTrue(e.getMessage().contains("no targets for task 'right'"), e.getMessage());
        try (var g = Graph.noGrad()) {
            var e2 = assertThrows(IllegalStateException.class, () -> new MgdaUb(GradientNormalization.NONE).step(m, input(42), targets(43)));
            assertTrue(e2.getMessage().contains("noGrad"), e2.getMessage());
        }
        m.parameters().forEach(p -> assertNull(p.grad()));
    }
}
