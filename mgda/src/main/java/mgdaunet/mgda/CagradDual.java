package mgdaunet.mgda;

import java.util.Arrays;
import mgdaunet.mgda.solver.GramMatrix;

/**
 * CAGrad's dual problem on the Gram matrix G of the task gradients:
 * {@code min_{w in simplex} F(w) = w'G b + k sqrt(w'G w)}, with {@code b = (1/T, ..., 1/T)} (so
 * {@code w'Gb = <g_w, g_0>}, g_0 the mean gradient) and {@code k = c ||g_0||}. F is convex; it is solved
 * by accelerated projected gradient (FISTA with backtracking and restarts, Euclidean projection onto
 * the simplex), which finds the face of the optimum, and damped Newton steps on that face, which
 * finish quickly; until the Frank-Wolfe gap {@code grad F(w)'w - min_t grad F(w)_t}, an upper bound on
 * {@code F(w) - min F}, is below {@code 1e-12} of the scale, or after a cap on iterations.
 *
 * <p>G is divided by its largest diagonal entry first, so tolerances are relative. A relative
 * {@code 1e-18} under the square root keeps F differentiable where {@code g_w = 0} (the reference code
 * adds an absolute 1e-8).
 */
final class CagradDual {
    static final int MAX_ITERATIONS = 20_000;
    static final double GAP_TOLERANCE = 1e-12;
    /** The gap at which first-order steps hand over to Newton steps on the face reached. */
    private static final double ROUGH_GAP = 1e-6;
    /** First-order steps between attempts to finish with Newton steps. */
    private static final int POLISH_EVERY = 200;
    private static final double SMOOTHING = 1e-18;

    /** The weights, the gap reached and the iterations used. */
    record Result(double[] weights, double gap, int iterations) {}

    private final int n;
    private final double[] a; // G / scale, row-major
    private final double k;

    private CagradDual(GramMatrix gram, double c) {
        n = gram.size();
        double scale = 0;
        for (int i = 0; i < n; i++) scale = Math.max(scale, gram.get(i, i));
        a = new double[n * n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = scale == 0 ? 0 : gram.get(i, j) / scale;
                mean += a[i * n + j];
            }
        }
        mean /= (double) n * n;
        k = c * Math.sqrt(Math.max(0, mean));
    }

    static Result solve(GramMatrix gram, double c) {
        return new CagradDual(gram, c).run();
    }

    /** F(w) in the normalized units. */
    private double value(double[] w) {
        double lin = 0, quad = 0;
        for (int i = 0; i < n; i++) {
            double rowB = 0, rowW = 0;
            for (int j = 0; j < n; j++) {
                rowB += a[i * n + j];
                rowW += a[i * n + j] * w[j];
            }
            lin += w[i] * rowB / n;
            quad += w[i] * rowW;
        }
        return lin + k * Math.sqrt(Math.max(0, quad) + SMOOTHING);
    }

    /** grad F(w) = G b + k G w / sqrt(w'Gw). */
    private double[] gradient(double[] w) {
        double[] aw = new double[n], ab = new double[n];
        double quad = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                aw[i] += a[i * n + j] * w[j];
                ab[i] += a[i * n + j] / n;
            }
            quad += w[i] * aw[i];
        }
        double f = k / Math.sqrt(Math.max(0, quad) + SMOOTHING);
        double[] g = new double[n];
        for (int i = 0; i < n; i++) g[i] = ab[i] + f * aw[i];
        return g;
    }

    private static double gap(double[] w, double[] g) {
        double dot = 0, min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < w.length; i++) {
            dot += g[i] * w[i];
            min = Math.min(min, g[i]);
        }
        return dot - min;
    }

    private Result run() {
        double[] x = new double[n];
        Arrays.fill(x, 1.0 / n);
        if (n == 1) return new Result(x, 0, 0);
        int[] iterations = {0};
        double gapX = gap(x, gradient(x));
        // Accelerated projected gradient finds the face of the optimum; Newton on that face then
        // finishes in a few steps what first-order steps would approach only slowly.
        while (gapX > GAP_TOLERANCE && iterations[0] < MAX_ITERATIONS) {
            x = acceleratedProjectedGradient(x, ROUGH_GAP, POLISH_EVERY, iterations);
            x = newtonOnFace(x, iterations);
            gapX = gap(x, gradient(x));
        }
        return new Result(x, gapX, iterations[0]);
    }

    /** FISTA with backtracking and restarts from x, until the gap is below {@code tolerance} or after {@code maxSteps}. */
    private double[] acceleratedProjectedGradient(double[] start, double tolerance, int maxSteps, int[] iterations) {
        double[] x = start.clone(), y = start.clone();
        double t = 1, lipschitz = 1, fx = value(x);
        for (int step = 0; step < maxSteps && iterations[0] < MAX_ITERATIONS; step++) {
            iterations[0]++;
            double fy = value(y);
            double[] gy = gradient(y);
            double[] p;
            double fp;
            while (true) {
                p = new double[n];
                for (int i = 0; i < n; i++) p[i] = y[i] - gy[i] / lipschitz;
                projectOntoSimplex(p);
                double model = fy, dist = 0;
                for (int i = 0; i < n; i++) {
                    double d = p[i] - y[i];
                    model += gy[i] * d;
                    dist += d * d;
                }
                fp = value(p);
                if (fp <= model + 0.5 * lipschitz * dist + 1e-15 * Math.abs(fy) || lipschitz > 1e30) break;
                lipschitz *= 2;
            }
            if (fp > fx) { // momentum overshot: restart from x
                y = x.clone();
                t = 1;
                continue;
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            for (int i = 0; i < n; i++) y[i] = p[i] + (t - 1) / tNext * (p[i] - x[i]);
            x = p;
            fx = fp;
            t = tNext;
            lipschitz *= 0.9; // let the step grow again where F is flatter
            if (gap(x, gradient(x)) <= tolerance) break;
        }
        return x;
    }

    /**
     * Damped Newton steps on the face of the simplex that x lies on (coordinates at 0 stay there):
     * each solves {@code [H_SS 1; 1' 0] [p; mu] = [-grad_S; 0]}, steps as far as the face allows with an
     * Armijo backtracking, and stops once the gap is below the tolerance or no step helps. Returns the
     * better of x and where it got to.
     */
    private double[] newtonOnFace(double[] start, int[] iterations) {
        double[] x = start.clone();
        double fx = value(x);
        for (int step = 0; step < 50 && iterations[0] < MAX_ITERATIONS; step++) {
            iterations[0]++;
            double[] g = gradient(x);
            if (gap(x, g) <= GAP_TOLERANCE) break;
            // The face: the support, plus the vertex with the smallest gradient (the coordinate that most
            // wants to enter); a coordinate at 0 that the Newton step would push negative leaves again.
            int entering = 0;
            for (int i = 1; i < n; i++) if (g[i] < g[entering]) entering = i;
            int enter = entering;
            int[] face = java.util.stream.IntStream.range(0, n).filter(i -> x[i] > 0 || i == enter).toArray();
            double[] p = newtonDirection(x, g, face);
            while (p != null) {
                int leaving = -1;
                for (int i : face) if (x[i] == 0 && p[i] < 0) leaving = i;
                if (leaving < 0) break;
                int drop = leaving;
                face = java.util.Arrays.stream(face).filter(i -> i != drop).toArray();
                p = face.length == 0 ? null : newtonDirection(x, g, face);
            }
            if (p == null) break;
            double slope = 0, maxStep = Double.POSITIVE_INFINITY;
            for (int i : face) {
                slope += g[i] * p[i];
                if (p[i] < 0) maxStep = Math.min(maxStep, -x[i] / p[i]);
            }
            if (maxStep == 0) break;
            if (!(slope < 0)) break;
            double alpha = Math.min(1, maxStep);
            double[] trial = null;
            double ft = fx;
            for (int k = 0; k < 40; k++, alpha /= 2) {
                trial = x.clone();
                for (int i : face) trial[i] = Math.max(0, x[i] + alpha * p[i]);
                if (alpha == maxStep) for (int i : face) if (p[i] < 0 && -x[i] / p[i] == maxStep) trial[i] = 0; // lands on the face's edge
                normalize(trial);
                ft = value(trial);
                if (ft <= fx + 1e-4 * alpha * slope) break;
                // Near the optimum F changes below its rounding while the gap still shrinks: accept a step
                // that leaves F unchanged to rounding and lowers the gap.
                if (ft <= fx + 1e-14 * Math.abs(fx) && gap(trial, gradient(trial)) < gap(x, g)) break;
                trial = null;
            }
            if (trial == null) break;
            System.arraycopy(trial, 0, x, 0, n);
            fx = ft;
        }
        return fx <= value(start) ? x : start;
    }

    /** The Newton direction on the face, or null if its KKT system is singular. */
    private double[] newtonDirection(double[] w, double[] g, int[] face) {
        int m = face.length;
        double[] aw = new double[n];
        double quad = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) aw[i] += a[i * n + j] * w[j];
            quad += w[i] * aw[i];
        }
        double s = Math.sqrt(Math.max(0, quad) + SMOOTHING);
        double[][] kkt = new double[m + 1][m + 2];
        double trace = 0;
        for (int r = 0; r < m; r++) {
            int i = face[r];
            for (int c = 0; c < m; c++) {
                int j = face[c];
                kkt[r][c] = k * (a[i * n + j] / s - aw[i] * aw[j] / (s * s * s));
            }
            trace += Math.abs(kkt[r][r]);
            kkt[r][m] = 1;
            kkt[m][r] = 1;
            kkt[r][m + 1] = -g[i];
        }
        // A tiny ridge keeps the system solvable when G is singular on the face (a linear F).
        for (int r = 0; r < m; r++) kkt[r][r] += 1e-12 * Math.max(trace / m, 1e-300);
        double[] sol = solve(kkt, m + 1);
        if (sol == null) return null;
        double[] p = new double[n];
        for (int r = 0; r < m; r++) p[face[r]] = sol[r];
        return p;
    }

    /** Gaussian elimination with partial pivoting on an augmented size x (size + 1) matrix; null if singular. */
    private static double[] solve(double[][] m, int size) {
        for (int col = 0; col < size; col++) {
            int pivot = col;
            for (int r = col + 1; r < size; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            if (Math.abs(m[pivot][col]) < 1e-300) return null;
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < size; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= size; c++) m[r][c] -= f * m[col][c];
            }
        }
        double[] x = new double[size];
        for (int r = size - 1; r >= 0; r--) {
            double v = m[r][size];
            for (int c = r + 1; c < size; c++) v -= m[r][c] * x[c];
            x[r] = v / m[r][r];
            if (!Double.isFinite(x[r])) return null;
        }
        return x;
    }

    private static void normalize(double[] w) {
        double sum = 0;
        for (double v : w) sum += v;
        for (int i = 0; i < w.length; i++) w[i] /= sum;
    }

    /** Euclidean projection onto the simplex, in place (sort-based: Held, Wolfe and Crowder; Duchi et al. 2008). */
    static void projectOntoSimplex(double[] v) {
        int n = v.length;
        double[] u = v.clone();
        Arrays.sort(u);
        double cumulative = 0, theta = 0;
        for (int i = n - 1; i >= 0; i--) {
            cumulative += u[i];
            double candidate = (cumulative - 1) / (n - i);
            if (i == 0 || u[i - 1] <= candidate) {
                theta = candidate;
                break;
            }
        }
        for (int i = 0; i < n; i++) v[i] = Math.max(0, v[i] - theta);
    }
}
