package mgdaunet.mgda.solver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.VectorMath;

/**
 * The T x T matrix of dot products {@code G[i][j] = <g_i, g_j>} of T task gradients, symmetric, in
 * double. Everything the min-norm solver needs to know about the gradients: {@code a'Ga} is the squared
 * norm of {@code sum_t a_t g_t}.
 *
 * <p>A gradient is one float array, or (for full MGDA, gradients with respect to every shared
 * parameter) a list of chunks, one per parameter tensor; chunk c has the same length in every task.
 * Products are exact in double and sums accumulate in double ({@link VectorMath#dot}). The pass over
 * the gradients is blocked so that each gradient is read from memory once, whatever T is, and split
 * over the shared pool in fixed segments whose partial sums are added in a fixed order: the result does
 * not depend on the number of threads.
 *
 * <p>Entries are finite: a gradient holding NaN or an infinity is rejected here, with the task named.
 */
public final class GramMatrix {
    /** Elements per block: T blocks of 8 KiB stay in L2 while every pair of them is multiplied. */
    private static final int BLOCK = 2048;
    /** Elements per parallel work item (a whole number of blocks). */
    private static final int SEGMENT = 32 * BLOCK;

    private final int size;
    private final double[] entries; // row-major, size x size, exactly symmetric

    private GramMatrix(int size, double[] entries) {
        this.size = size;
        this.entries = entries;
    }

    /** Gram matrix of T gradients, each one float array; all of the same length. */
    public static GramMatrix of(float[]... gradients) {
        return of(Arrays.asList(gradients));
    }

    /** Gram matrix of T gradients, each one float array; all of the same length. */
    public static GramMatrix of(List<float[]> gradients) {
        List<List<float[]>> chunked = new ArrayList<>(gradients.size());
        for (float[] g : gradients) chunked.add(List.of(g));
        return ofChunks(chunked);
    }

    /**
     * Gram matrix of T gradients, each a list of chunks (say one per parameter tensor); every task has
     * the same number of chunks and chunk c has the same length in every task.
     */
    public static GramMatrix ofChunks(List<? extends List<float[]>> gradients) {
        int t = gradients.size();
        if (t == 0) throw new IllegalArgumentException("GramMatrix: no task gradients");
        float[][][] chunks = new float[t][][];
        for (int i = 0; i < t; i++) chunks[i] = gradients.get(i).toArray(new float[0][]);
        int chunkCount = chunks[0].length;
        for (int i = 1; i < t; i++) {
            if (chunks[i].length != chunkCount) {
                throw new IllegalArgumentException("GramMatrix: task " + i + " has " + chunks[i].length
                        + " gradient chunks, task 0 has " + chunkCount);
            }
            for (int c = 0; c < chunkCount; c++) {
                if (chunks[i][c].length != chunks[0][c].length) {
                    throw new IllegalArgumentException("GramMatrix: chunk " + c + " of task " + i + " has "
                            + chunks[i][c].length + " elements, task 0 has " + chunks[0][c].length);
                }
            }
        }
        double[] upper = accumulate(chunks, t, chunkCount);
        double[] entries = new double[t * t];
        int p = 0;
        for (int i = 0; i < t; i++) {
            for (int j = i; j < t; j++, p++) {
                double v = upper[p];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("GramMatrix: <g_" + i + ", g_" + j + "> is " + v
                            + ": task gradient " + (Double.isFinite(upper[diagonalIndex(t, i)]) ? j : i)
                            + " holds NaN or an infinity");
                }
                entries[i * t + j] = v;
                entries[j * t + i] = v;
            }
        }
        return new GramMatrix(t, entries);
    }

    /**
     * A Gram matrix given by its entries (for tests, or dot products computed elsewhere). It must be
     * square, finite, with a non-negative diagonal and symmetric to rounding (|G_ij - G_ji| at most
     * 1e-9 of the larger of the two norms' product); the stored matrix is the symmetric mean. The
     * solver assumes it is positive semi-definite, as every Gram matrix is.
     */
    public static GramMatrix fromEntries(double[][] rows) {
        int t = rows.length;
        if (t == 0) throw new IllegalArgumentException("GramMatrix: no task gradients (0 x 0 matrix)");
        for (int i = 0; i < t; i++) {
            if (rows[i].length != t) {
                throw new IllegalArgumentException("GramMatrix: row " + i + " has " + rows[i].length
                        + " entries, a " + t + " x " + t + " matrix needs " + t);
            }
            for (int j = 0; j < t; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("GramMatrix: entry (" + i + ", " + j + ") is " + rows[i][j]);
                }
            }
            if (rows[i][i] < 0) {
                throw new IllegalArgumentException("GramMatrix: diagonal entry (" + i + ", " + i + ") is negative: "
                        + rows[i][i] + " (a squared norm)");
            }
        }
        double[] entries = new double[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = i; j < t; j++) {
                double a = rows[i][j], b = rows[j][i];
                double scale = Math.max(Math.max(Math.abs(a), Math.abs(b)), Math.sqrt(rows[i][i] * rows[j][j]));
                if (Math.abs(a - b) > 1e-9 * scale) {
                    throw new IllegalArgumentException("GramMatrix: not symmetric: entry (" + i + ", " + j + ") is "
                            + a + ", entry (" + j + ", " + i + ") is " + b);
                }
                double mean = i == j ? a : 0.5 * (a + b);
                entries[i * t + j] = mean;
                entries[j * t + i] = mean;
            }
        }
        return new GramMatrix(t, entries);
    }

    /** Number of tasks T. */
    public int size() {
        return size;
    }

    /** {@code <g_i, g_j>}. */
    public double get(int i, int j) {
        return entries[checkIndex(i) * size + checkIndex(j)];
    }

    /** {@code ||g_i||}. */
    public double norm(int i) {
        return Math.sqrt(get(i, i));
    }

    /** Cosine of the angle between g_i and g_j; 0 when either gradient is zero. */
    public double cosine(int i, int j) {
        double denominator = Math.sqrt(get(i, i)) * Math.sqrt(get(j, j));
        if (denominator == 0) return 0;
        return Math.max(-1, Math.min(1, get(i, j) / denominator));
    }

    /** {@code G a}: entry t is {@code <g_t, sum_s a_s g_s>}. */
    public double[] times(double[] a) {
        checkWeights(a);
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            double s = 0;
            for (int j = 0; j < size; j++) s += entries[i * size + j] * a[j];
            out[i] = s;
        }
        return out;
    }

    /** {@code a'Ga = ||sum_t a_t g_t||^2} (clamped at 0 against rounding). */
    public double quadraticForm(double[] a) {
        double[] ga = times(a);
        double s = 0;
        for (int i = 0; i < size; i++) s += a[i] * ga[i];
        return Math.max(0, s);
    }

    /**
     * The Gram matrix of the rescaled gradients {@code f_t g_t}: {@code G_ij f_i f_j}. This is how a
     * gradient normalization reaches the solver without touching the gradients themselves.
     */
    public GramMatrix scaled(double[] factors) {
        if (factors.length != size) {
            throw new IllegalArgumentException("GramMatrix.scaled: " + factors.length + " factors for " + size + " tasks");
        }
        double[] out = new double[size * size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double v = entries[i * size + j] * factors[i] * factors[j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("GramMatrix.scaled: entry (" + i + ", " + j + ") becomes " + v
                            + " with factors " + factors[i] + " and " + factors[j]);
                }
                out[i * size + j] = v;
            }
        }
        return new GramMatrix(size, out);
    }

    /** A copy of the entries as rows. */
    public double[][] toArray() {
        double[][] rows = new double[size][];
        for (int i = 0; i < size; i++) rows[i] = Arrays.copyOfRange(entries, i * size, (i + 1) * size);
        return rows;
    }

    @Override
    public String toString() {
        return "GramMatrix" + Arrays.deepToString(toArray());
    }

    // ---------------------------------------------------------------- the pass over the gradients

    /** Upper triangle (row-major, i <= j) of the Gram matrix. */
    private static double[] accumulate(float[][][] chunks, int t, int chunkCount) {
        int pairs = t * (t + 1) / 2;
        // Work items: (chunk, segment) pairs in a fixed order, so the final sum order is fixed too.
        List<int[]> items = new ArrayList<>();
        for (int c = 0; c < chunkCount; c++) {
            int length = chunks[0][c].length;
            for (int start = 0; start < length; start += SEGMENT) items.add(new int[] {c, start, Math.min(length, start + SEGMENT)});
        }
        double[][] partial = new double[items.size()][pairs];
        Parallel.forEach(items.size(), k -> {
            int[] item = items.get(k);
            float[][] column = new float[t][];
            for (int i = 0; i < t; i++) column[i] = chunks[i][item[0]];
            accumulateRange(column, item[1], item[2], partial[k]);
        });
        double[] upper = new double[pairs];
        for (double[] p : partial) for (int q = 0; q < pairs; q++) upper[q] += p[q];
        return upper;
    }

    private static void accumulateRange(float[][] g, int start, int end, double[] upper) {
        int t = g.length;
        for (int block = start; block < end; block += BLOCK) {
            int n = Math.min(BLOCK, end - block);
            int p = 0;
            for (int i = 0; i < t; i++) {
                upper[p++] += VectorMath.sumOfSquares(g[i], block, n);
                for (int j = i + 1; j < t; j++) upper[p++] += VectorMath.dot(g[i], block, g[j], block, n);
            }
        }
    }

    private static int diagonalIndex(int t, int i) {
        // Row i of the packed upper triangle starts after rows 0..i-1 of lengths t, t-1, ...
        return i * t - i * (i - 1) / 2;
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("GramMatrix: task " + i + " of " + size);
        return i;
    }

    private void checkWeights(double[] a) {
        if (a.length != size) {
            throw new IllegalArgumentException("GramMatrix: " + a.length + " weights for " + size + " tasks");
        }
    }
}
