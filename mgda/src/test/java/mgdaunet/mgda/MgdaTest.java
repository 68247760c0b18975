package mgdaunet.mgda;

import static mgdaunet.mgda.TinyMultiTask.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GradientNormalization;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.mgda.solver.MinNormSolver;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Full MGDA against its definition: each task's gradient of every shared parameter on its own. */
class MgdaTest {
    @ParameterizedTest(name = "{0} tasks, normalization {1}")
    @CsvSource({"2, none", "3, none", "3, l2", "3, loss+"})
    void oneStepGivesTheMinNormCombinationOfTheSharedParameterGradients(int tasks, String normalization) {
        GradientNormalization norm = GradientNormalization.parse(normalization);
        MultiTaskModel fast = model(91, tasks), slow = model(91, tasks);
        Variable x = input(92);
        Map<String, int[]> y = targets(93);
        Map<String, Tensor> start = buffers(fast);

        StepResult r = new Mgda(norm).step(fast, x, y);
        Map<String, Tensor> afterStep = buffers(fast);

        // The definition: for each task alone, a forward from the same start and a backward of L_t.
        List<String> trunkNames = new ArrayList<>();
        slow.namedParameters().keySet().stream().filter(k -> k.startsWith("trunk.")).forEach(trunkNames::add);
        List<float[]> flat = new ArrayList<>();
        List<Map<String, Tensor>> taskGrads = new ArrayList<>();
        double[] losses = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            restoreBuffers(slow, start);
            slow.zeroGrad();
            Task task = slow.tasks().get(t);
            Variable loss = task.loss().apply(task.head().forward(slow.trunk().forward(x)), y.get(task.name()));
            losses[t] = loss.item();
            loss.backward();
            Map<String, Tensor> g = grads(slow);
            taskGrads.add(g);
            int length = trunkNames.stream().mapToInt(k -> g.get(k).size()).sum();
            float[] v = new float[length];
            int at = 0;
            for (String k : trunkNames) {
                System.arraycopy(g.get(k).data(), 0, v, at, g.get(k).size());
                at += g.get(k).size();
            }
            flat.add(v);
        }
        GramMatrix gram = GramMatrix.of(flat);
        double[] a = MinNormSolver.automatic().solve(norm.normalize(gram, losses)).weights();
        Map<String, Tensor> expected = new LinkedHashMap<>();
        slow.namedParameters().forEach((k, p) -> {
            Tensor sum = Tensor.zeros(p.shape());
            for (int t = 0; t < tasks; t++) {
                Tensor g = taskGrads.get(t).get(k);
                if (g != null) sum.addInPlace(g.mul((float) a[t]));
            }
            expected.put(k, sum);
        });

        assertSameGradients(expected, grads(fast), 1e-5);
        assertSameBuffers(buffers(slow), afterStep); // every forward started from the same statistics
        for (int t = 0; t < tasks; t++) assertEquals(a[t], r.weights().get(fast.taskNames().get(t)), 1e-9);
        assertEquals(Math.sqrt(gram.quadraticForm(a)), r.diagnostics().minNorm(), 1e-6 * r.diagnostics().minNorm());
        assertEquals(tasks, r.diagnostics().gradNormAtZ().size());
    }

    @org.junit.jupiter.api.Test
    void ownHeadUpdateLeavesTheHeadsTheirUnscaledGradientsAndTheTrunkAsItWas() {
        MultiTaskModel own = model(95, 3), scaled = model(95, 3);
        Variable x = input(96);
        Map<String, int[]> y = targets(97);
        StepResult r = new Mgda(GradientNormalization.NONE, HeadUpdate.OWN).step(own, x, y);
        StepResult rs = new Mgda(GradientNormalization.NONE).step(scaled, x, y);
        assertEquals(rs.weights(), r.weights());
        Map<String, Tensor> expected = new LinkedHashMap<>();
        grads(scaled).forEach((k, g) -> {
            String task = k.startsWith("heads.") ? k.split("\\.")[1] : null;
            if (task != null) {
                double a = r.weights().get(task);
                assertTrue(a > 0.01 && a < 0.99, "weight of " + task + " inside the simplex, so the modes differ: " + a);
                g = g.mul((float) (1 / a));
            }
            expected.put(k, g);
        });
        assertSameGradients(expected, grads(own), 1e-5);
    }
}
