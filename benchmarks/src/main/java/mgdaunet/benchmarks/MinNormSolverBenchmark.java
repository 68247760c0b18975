package mgdaunet.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import mgdaunet.mgda.solver.GramMatrix;
import mgdaunet.mgda.solver.MinNormResult;
import mgdaunet.mgda.solver.MinNormSolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The min-norm solve alone (the Gram matrix given): the exact active-set method against Frank-Wolfe
 * with Sener and Koltun's cap (250 steps) and a 1e-6 gap tolerance, for T = 2 (both reduce to the
 * closed form), 3 (MGDA-UB on seg / left / right) and 11 (per-class segmentation tasks). Each call
 * solves the next of 64 fixed random problems: correlated task gradients (a shared random component
 * plus noise) in 4T dimensions, so that fast and slow instances are averaged as in training.
 * {@link MinNormSolver#automatic()} uses the faster one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@State(Scope.Benchmark)
public class MinNormSolverBenchmark {
    private static final int PROBLEMS = 64;

    @Param({"2", "3", "11"})
    public int tasks;

    @Param({"ACTIVE_SET", "FRANK_WOLFE"})
    public String method;

    private GramMatrix[] problems;
    private MinNormSolver solver;
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom rng = new SplittableRandom(42);
        problems = new GramMatrix[PROBLEMS];
        int dims = 4 * tasks;
        for (int p = 0; p < PROBLEMS; p++) {
            double spread = rng.nextDouble() * 3;
            double[] common = new double[dims];
            for (int k = 0; k < dims; k++) common[k] = rng.nextGaussian() * spread;
            double[][] v = new double[tasks][dims];
            for (int i = 0; i < tasks; i++) for (int k = 0; k < dims; k++) v[i][k] = rng.nextGaussian() + common[k];
            double[][] g = new double[tasks][tasks];
            for (int i = 0; i < tasks; i++) {
                for (int j = 0; j < tasks; j++) {
                    for (int k = 0; k < dims; k++) g[i][j] += v[i][k] * v[j][k];
                }
            }
            problems[p] = GramMatrix.fromEntries(g);
        }
        solver = method.equals("ACTIVE_SET") ? MinNormSolver.activeSet() : MinNormSolver.frankWolfe();
    }

    @Benchmark
    public MinNormResult solve() {
        GramMatrix g = problems[next];
        next = (next + 1) % PROBLEMS;
        return solver.solve(g);
    }
}
