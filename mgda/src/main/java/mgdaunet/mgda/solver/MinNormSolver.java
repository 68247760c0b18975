package mgdaunet.mgda.solver;

import java.util.Arrays;

/**
 * Finds the point of least norm in the convex hull of T task gradients: {@code min_a a'Ga} subject to
 * {@code a >= 0}, {@code sum_t a_t = 1}, given their Gram matrix G. The weights a are MGDA's task
 * weights: {@code sum_t a_t g_t} is a direction that decreases no task's loss, and it is zero exactly
 * when the gradients are Pareto-stationary.
 *
 * <p>Methods: {@link Method#CLOSED_FORM} for one or two distinct gradients, otherwise
 * {@link Method#ACTIVE_SET} (exact) or {@link Method#FRANK_WOLFE} (Sener and Koltun's method, with an
 * iteration cap and a duality-gap tolerance). {@link #automatic()} takes the faster for T, as measured
 * by {@code mgdaunet.benchmarks.MinNormSolverBenchmark}: the active-set method, for T = 3 (median
 * 0.50 us against 0.65 us) as for T = 11 (4.2 us against 9.6 us), while also being exact.
 *
 * <p>Before solving:
 * <ul>
 *   <li>G is divided by its largest diagonal entry (the largest squared gradient norm), so tiny and huge
 *       gradients are solved alike; tolerances below are relative to that scale, and the reported norm
 *       and gap are scaled back.</li>
 *   <li>Gradients that are the same (squared distance at most {@link #DUPLICATE_TOLERANCE} of the scale)
 *       are solved as one and share its weight equally: identical gradients, however many, get equal
 *       weights instead of an arbitrary vertex. If every gradient is zero (G = 0), every a is optimal and
 *       the answer is the uniform one, {@code 1/T} each.</li>
 * </ul>
 * A NaN or an infinity never reaches here: {@link GramMatrix} rejects it.
 */
public final class MinNormSolver {
    /** How a result was computed. */
    public enum Method {
        /** One or two distinct gradients: the exact two-point formula (or the single gradient itself). */
        CLOSED_FORM,
        /** Frank-Wolfe with exact line search from the best pair (Sener and Koltun). */
        FRANK_WOLFE,
        /** Wolfe's minimum-norm-point active-set algorithm: exact. */
        ACTIVE_SET
    }

    /**
     * Gradients closer than this (squared distance over the largest squared norm) count as one: the
     * level of double rounding in {@code G_ii + G_jj - 2 G_ij}, so only gradients equal to rounding
     * merge (bit-identical float gradients give exactly 0). Sharing a merged weight equally costs at
     * most {@code 2 sqrt(1e-14) = 2e-7} of the scale in the objective.
     */
    public static final double DUPLICATE_TOLERANCE = 1e-14;
    /** Frank-Wolfe's default cap on steps: Sener and Koltun's MAX_ITER, here actually enforced. */
    public static final int FRANK_WOLFE_MAX_ITERATIONS = 250;
    /** Frank-Wolfe's default tolerance on the duality gap, relative to the largest squared norm. */
    public static final double FRANK_WOLFE_TOLERANCE = 1e-6;
    /** The active-set method's stopping gap: the optimum up to rounding. */
    static final double ACTIVE_SET_TOLERANCE = 1e-12;
    /** A safety cap: the active-set method needs about T major steps. */
    static final int ACTIVE_SET_MAX_ITERATIONS = 1_000;

    private final Method method; // null: choose by T
    private final int frankWolfeMaxIterations;
    private final double frankWolfeTolerance;

    private MinNormSolver(Method method, int frankWolfeMaxIterations, double frankWolfeTolerance) {
        this.method = method;
        this.frankWolfeMaxIterations = frankWolfeMaxIterations;
        this.frankWolfeTolerance = frankWolfeTolerance;
    }

    /** The exact active-set method or Frank-Wolfe, whichever is faster for the number of tasks. */
    public static MinNormSolver automatic() {
        return new MinNormSolver(null, FRANK_WOLFE_MAX_ITERATIONS, FRANK_WOLFE_TOLERANCE);
    }

    /** The exact active-set method (Wolfe's minimum-norm-point algorithm) for three or more gradients. */
    public static MinNormSolver activeSet() {
        return new MinNormSolver(Method.ACTIVE_SET, FRANK_WOLFE_MAX_ITERATIONS, FRANK_WOLFE_TOLERANCE);
    }

    /** Frank-Wolfe with the default cap and tolerance. */
    public static MinNormSolver frankWolfe() {
        return frankWolfe(FRANK_WOLFE_MAX_ITERATIONS, FRANK_WOLFE_TOLERANCE);
    }

    /**
     * Frank-Wolfe that stops after {@code maxIterations} steps or when its duality gap is at most
     * {@code tolerance} times the largest squared gradient norm.
     */
    public static MinNormSolver frankWolfe(int maxIterations, double tolerance) {
        if (maxIterations < 0) throw new IllegalArgumentException("MinNormSolver: maxIterations must be >= 0, got " + maxIterations);
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("MinNormSolver: tolerance must be finite and >= 0, got " + tolerance);
        }
        return new MinNormSolver(Method.FRANK_WOLFE, maxIterations, tolerance);
    }

    /** The method used for {@code distinct} distinct gradients. */
    public Method methodFor(int distinct) {
        if (distinct <= 2) return Method.CLOSED_FORM;
        if (method != null) return method;
        // Measured faster than Frank-Wolfe at T = 3 and T = 11 (MinNormSolverBenchmark), and exact.
        return Method.ACTIVE_SET;
    }

    /** Solves {@code min a'Ga} over the simplex. */
    public MinNormResult solve(GramMatrix gram) {
        int t = gram.size();
        double[][] g = gram.toArray();
        double scale = 0;
        for (int i = 0; i < t; i++) scale = Math.max(scale, g[i][i]);
        if (t == 1) return new MinNormResult(new double[] {1}, g[0][0], 0, 0, Method.CLOSED_FORM, true);
        if (scale == 0) return uniform(t);
        for (double[] row : g) for (int j = 0; j < t; j++) row[j] /= scale;

        // Group gradients that are the same; each group is solved as its first member.
        int[] group = new int[t];
        int[] representatives = new int[t];
        int distinct = 0;
        for (int i = 0; i < t; i++) {
            group[i] = -1;
            for (int r = 0; r < distinct && group[i] < 0; r++) {
                int k = representatives[r];
                if (g[i][i] + g[k][k] - 2 * g[i][k] <= DUPLICATE_TOLERANCE) group[i] = r;
            }
            if (group[i] < 0) {
                group[i] = distinct;
                representatives[distinct++] = i;
            }
        }
        double[][] reduced = new double[distinct][distinct];
        for (int r = 0; r < distinct; r++) {
            for (int c = 0; c < distinct; c++) reduced[r][c] = g[representatives[r]][representatives[c]];
        }

        Method used = methodFor(distinct);
        Iterate solution = switch (used) {
            case CLOSED_FORM -> closedForm(reduced);
            case FRANK_WOLFE -> FrankWolfe.solve(reduced, frankWolfeMaxIterations, frankWolfeTolerance);
            case ACTIVE_SET -> ActiveSet.solve(reduced, ACTIVE_SET_MAX_ITERATIONS, ACTIVE_SET_TOLERANCE);
        };

        int[] groupSize = new int[distinct];
        for (int i = 0; i < t; i++) groupSize[group[i]]++;
        double[] a = new double[t];
        for (int i = 0; i < t; i++) a[i] = solution.weights()[group[i]] / groupSize[group[i]];

        double[] ga = new double[t];
        double f = 0, least = Double.POSITIVE_INFINITY;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) ga[i] += g[i][j] * a[j];
            f += a[i] * ga[i];
            least = Math.min(least, ga[i]);
        }
        double squaredNorm = Math.max(0, f) * scale;
        double gap = Math.max(0, 2 * (f - least)) * scale;
        return new MinNormResult(a, squaredNorm, gap, solution.iterations(), used, solution.converged());
    }

    private static Iterate closedForm(double[][] g) {
        if (g.length == 1) return new Iterate(new double[] {1}, 0, true);
        double gamma = TwoPointMinNorm.weight(g[0][0], g[0][1], g[1][1]);
        return new Iterate(new double[] {gamma, 1 - gamma}, 0, true);
    }

    private static MinNormResult uniform(int t) {
        double[] a = new double[t];
        Arrays.fill(a, 1.0 / t);
        return new MinNormResult(a, 0, 0, 0, Method.CLOSED_FORM, true);
    }

    @Override
    public String toString() {
        return switch (method) {
            case null -> "MinNormSolver[automatic]";
            case FRANK_WOLFE -> "MinNormSolver[FRANK_WOLFE, maxIterations=" + frankWolfeMaxIterations
                    + ", tolerance=" + frankWolfeTolerance + "]";
            default -> "MinNormSolver[" + method + "]";
        };
    }
}
