package mgdaunet.mgda;

import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.VectorMath;

/** {@code sum_t c_t g_t} of T equally long float gradients, written over the first. */
final class GradientSum {
    /** Elements per block: the T blocks stay in cache while they are summed. */
    private static final int BLOCK = 4096;
    /** Arrays shorter than this are summed on the calling thread. */
    private static final int PARALLEL_MIN = 1 << 16;

    private GradientSum() {}

    /**
     * Overwrites {@code g[0]} with {@code sum_t c[t] g[t]} and returns it. Block by block, so each
     * gradient is read once and the sum written once; each element is rounded once per task added
     * (fused multiply-adds).
     */
    static float[] intoFirst(float[][] g, double[] c) {
        float[] out = g[0];
        int n = out.length;
        if (n < PARALLEL_MIN) {
            sumRange(g, c, 0, n);
            return out;
        }
        int blocks = (n + BLOCK - 1) / BLOCK;
        Parallel.forRange(blocks, 4, (b0, b1) -> sumRange(g, c, b0 * BLOCK, Math.min(n, b1 * BLOCK)));
        return out;
    }

    private static void sumRange(float[][] g, double[] c, int from, int to) {
        for (int start = from; start < to; start += BLOCK) {
            int len = Math.min(BLOCK, to - start);
            VectorMath.scale((float) c[0], g[0], start, len);
            for (int t = 1; t < g.length; t++) VectorMath.axpy((float) c[t], g[t], start, g[0], start, len);
        }
    }
}
