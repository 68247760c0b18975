package mgdaunet.mgda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.mgda.solver.MinNormResult;
import mgdaunet.mgda.solver.MinNormSolver;
import mgdaunet.tensor.Tensor;

/** INTERIM stand-in for the strategies branch (deleted at the merge): equal and mgda-ub only. */
public final class Strategies {
    private Strategies() {}

    public static List<String> names() {
        return List.of("mgda-ub", "equal");
    }

    public static Strategy parse(String spec, StrategyOptions options, List<String> taskNames) {
        return switch (spec) {
            case "equal" -> new AtZ("equal", options, false);
            case "mgda-ub" -> new AtZ("mgda-ub", options, true);
            default -> throw new IllegalArgumentException("unknown strategy '" + spec + "'; strategies: " + String.join(", ", names()));
        };
    }

    /** Both interim strategies work at Z: head passes to g_t, weights, one trunk backward. */
    private record AtZ(String name, StrategyOptions options, boolean mgda) implements Strategy {
        @Override
        public StepResult step(MultiTaskModel model, Variable input, Map<String, int[]> targets) {
            Variable z = model.trunk().forward(input);
            Variable zd = z.detachRequiringGrad();
            List<String> names = model.taskNames();
            int t = names.size();
            float[][] g = new float[t][];
            double[] losses = new double[t];
            Map<String, Tensor> outputs = new LinkedHashMap<>();
            Map<String, Map<Variable, Tensor>> headGrads = new LinkedHashMap<>();
            for (int i = 0; i < t; i++) {
                Task task = model.task(names.get(i));
                Variable out = task.head().forward(zd);
                Variable loss = task.loss().apply(out, targets.get(task.name()));
                loss.backward();
                losses[i] = loss.item();
                outputs.put(task.name(), out.value());
                g[i] = zd.grad().copy().data();
                zd.zeroGrad();
                Map<Variable, Tensor> hg = new LinkedHashMap<>();
                for (Variable p : task.head().parameters()) if (p.grad() != null) hg.put(p, p.grad().copy());
                headGrads.put(task.name(), hg);
            }
            GramMatrix gram = GramMatrix.of(g);
            double[] a = new double[t];
            double minNorm = Double.NaN;
            if (mgda) {
                MinNormResult r = MinNormSolver.automatic().solve(options.normalization().normalize(gram, losses));
                a = r.weights();
                minNorm = Math.sqrt(Math.max(0, gram.quadraticForm(a)));
            } else {
                java.util.Arrays.fill(a, 1.0);
            }
            float[] combined = new float[g[0].length];
            for (int i = 0; i < t; i++) {
                float ai = (float) a[i];
                for (int k = 0; k < combined.length; k++) combined[k] += ai * g[i][k];
                for (var e : headGrads.get(names.get(i)).entrySet()) e.getKey().setGrad(e.getValue().mul(ai));
            }
            z.backward(Tensor.wrap(combined, z.shape()));
            Map<String, Double> lm = new LinkedHashMap<>(), wm = new LinkedHashMap<>();
            for (int i = 0; i < t; i++) {
                lm.put(names.get(i), losses[i]);
                wm.put(names.get(i), a[i]);
            }
            return new StepResult(lm, wm, outputs, Diagnostics.of(names, gram, minNorm));
        }
    }
}
