package mgdaunet.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import mgdaunet.tensor.Tensor;

/**
 * Checks an op's backward against central differences of its forward.
 *
 * <p>The function may return any shape: it is turned into the scalar {@code L = sum(f(x) * r)} with a
 * fixed random {@code r}, so one backward (with upstream r) gives every input's analytic gradient.
 * Each numeric derivative is {@code (L(x + h) - L(x - h)) / (2h)}, the sums of L taken in double, with
 * h the step actually taken after rounding {@code x +- eps} to float. The engine is float32, so the
 * defaults (step 1e-3, tolerance {@code |analytic - numeric| <= 1e-3 + 1e-2 |numeric|}) are looser
 * than PyTorch's double-precision gradcheck; a wrong rule is off by far more.
 *
 * <p>{@link #check} perturbs every element (2 forward passes each: for small inputs);
 * {@link #checkDirections} perturbs all elements at once along a few random directions (2 forward
 * passes per direction: for big inputs). Inputs must keep a distance of several steps from kinks
 * (relu at 0, ties of max).
 *
 * <pre>{@code
 * GradCheck.standard().check(v -> F.mul(v[0], F.sigmoid(v[1])), x, y).assertOk();
 * }</pre>
 */
public final class GradCheck {
    private final double eps, rtol, atol;
    private final long seed;

    private GradCheck(double eps, double rtol, double atol, long seed) {
        this.eps = eps;
        this.rtol = rtol;
        this.atol = atol;
        this.seed = seed;
    }

    /** Step 1e-3, relative tolerance 1e-2, absolute tolerance 1e-3. */
    public static GradCheck standard() {
        return new GradCheck(1e-3, 1e-2, 1e-3, 1234);
    }

    public GradCheck step(double newEps) {
        return new GradCheck(newEps, rtol, atol, seed);
    }

    public GradCheck tolerance(double newRtol, double newAtol) {
        return new GradCheck(eps, newRtol, newAtol, seed);
    }

    /** One analytic-versus-numeric comparison that failed. */
    public record Mismatch(int input, int index, double analytic, double numeric) {
        @Override
        public String toString() {
            return (index >= 0 ? "input " + input + "[" + index + "]" : "direction " + input)
                    + ": analytic " + analytic + ", numeric " + numeric;
        }
    }

    /** The outcome: how many comparisons, the worst error relative to the tolerance, the failures. */
    public record Report(String what, int compared, double worstRatio, List<Mismatch> mismatches) {
        public boolean ok() {
            return mismatches.isEmpty();
        }

        /** Throws an AssertionError listing the first mismatches. */
        public Report assertOk() {
            if (!ok()) throw new AssertionError(toString());
            return this;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(what).append(": ").append(compared).append(" derivatives, ")
                    .append(mismatches.size()).append(" wrong, worst error ").append(String.format("%.3g", worstRatio)).append(" x tolerance");
            for (int i = 0; i < Math.min(8, mismatches.size()); i++) sb.append("\n  ").append(mismatches.get(i));
            return sb.toString();
        }
    }

    /** Compares every element's derivative; f must be deterministic (seed any randomness inside it). */
    public Report check(Function<Variable[], Variable> f, Tensor... inputs) {
        Tensor[] xs = copies(inputs);
        Tensor[] analytic = new Tensor[xs.length];
        Tensor r = analyticGradients(f, xs, analytic);
        List<Mismatch> bad = new ArrayList<>();
        double worst = 0;
        int compared = 0;
        for (int i = 0; i < xs.length; i++) {
            float[] d = xs[i].data();
            for (int j = 0; j < d.length; j++) {
                float orig = d[j];
                float up = (float) (orig + eps), down = (float) (orig - eps);
                d[j] = up;
                double lUp = project(f, xs, r);
                d[j] = down;
                double lDown = project(f, xs, r);
                d[j] = orig;
                double numeric = (lUp - lDown) / ((double) up - down);
                double a = analytic[i].data()[j];
                double ratio = Math.abs(a - numeric) / (atol + rtol * Math.abs(numeric));
                worst = Math.max(worst, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio);
                if (!(ratio <= 1)) bad.add(new Mismatch(i, j, a, numeric));
                compared++;
            }
        }
        return new Report("gradient check", compared, worst, bad);
    }

    /**
     * Compares directional derivatives along {@code directions} random directions (all inputs moved
     * at once): the check for inputs too big to perturb one element at a time.
     */
    public Report checkDirections(Function<Variable[], Variable> f, int directions, Tensor... inputs) {
        Tensor[] xs = copies(inputs);
        Tensor[] analytic = new Tensor[xs.length];
        Tensor r = analyticGradients(f, xs, analytic);
        RandomGenerator rng = Tensor.rng(seed + 1);
        List<Mismatch> bad = new ArrayList<>();
        double worst = 0;
        for (int k = 0; k < directions; k++) {
            Tensor[] up = new Tensor[xs.length], down = new Tensor[xs.length];
            double a = 0; // the analytic change of L over the step (up - down)
            for (int i = 0; i < xs.length; i++) {
                Tensor v = Tensor.normal(rng, 0f, 1f, xs[i].shape());
                up[i] = xs[i].copy();
                down[i] = xs[i].copy();
                float[] x = xs[i].data(), u = up[i].data(), dn = down[i].data(), vd = v.data(), g = analytic[i].data();
                for (int j = 0; j < x.length; j++) {
                    u[j] = (float) (x[j] + eps * vd[j]);
                    dn[j] = (float) (x[j] - eps * vd[j]);
                    // The analytic derivative along the step actually taken after rounding to float.
                    a += g[j] * ((double) u[j] - dn[j]);
                }
            }
            double numeric = project(f, up, r) - project(f, down, r);
            double scale = 2 * eps; // compare slopes per unit of the direction, as check() does
            double ratio = Math.abs(a - numeric) / scale / (atol + rtol * Math.abs(numeric / scale));
            worst = Math.max(worst, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio);
            if (!(ratio <= 1)) bad.add(new Mismatch(k, -1, a / scale, numeric / scale));
        }
        return new Report("directional gradient check", directions, worst, bad);
    }

    /** Runs f on parameters, backward with a fixed random upstream r; fills grads (zeros where none flowed); returns r. */
    private Tensor analyticGradients(Function<Variable[], Variable> f, Tensor[] xs, Tensor[] grads) {
        Variable[] vars = new Variable[xs.length];
        for (int i = 0; i < xs.length; i++) vars[i] = Variable.parameter(xs[i].copy());
        Variable out = f.apply(vars);
        Tensor r = Tensor.uniform(Tensor.rng(seed), -1f, 1f, out.shape());
        if (out.requiresGrad()) out.backward(r);
        for (int i = 0; i < xs.length; i++) grads[i] = vars[i].grad() != null ? vars[i].grad() : Tensor.zerosLike(xs[i]);
        return r;
    }

    /** L = sum(f(x) * r), in double, without recording a graph. */
    private static double project(Function<Variable[], Variable> f, Tensor[] xs, Tensor r) {
        try (var g = Graph.noGrad()) {
            Variable[] vars = new Variable[xs.length];
            for (int i = 0; i < xs.length; i++) vars[i] = Variable.constant(xs[i]);
            float[] o = f.apply(vars).value().data(), w = r.data();
            double s = 0;
            for (int k = 0; k < o.length; k++) s += (double) o[k] * w[k];
            return s;
        }
    }

    private static Tensor[] copies(Tensor[] inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) xs[i] = inputs[i].copy();
        return xs;
    }
}
