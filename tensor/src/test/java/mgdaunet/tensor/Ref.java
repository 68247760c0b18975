package mgdaunet.tensor;

import java.util.function.DoubleBinaryOperator;

/** Slow, obviously correct reference computations in double, by multi-index, for the kernel tests. */
final class Ref {
    private Ref() {}

    /** Lane count of the preferred float species, to size SIMD-tail cases. */
    static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** Flat offset of an output multi-index in an operand right-aligned and broadcast into it. */
    static int broadcastOffset(int[] outIdx, int[] shape) {
        int off = 0, lead = outIdx.length - shape.length;
        for (int d = 0; d < shape.length; d++) off = off * shape[d] + (shape[d] == 1 ? 0 : outIdx[lead + d]);
        return off;
    }

    static double[] binary(DoubleBinaryOperator f, Tensor a, Tensor b, int[] outShape) {
        int n = Shape.numel(outShape);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            int[] idx = unravel(i, outShape);
            r[i] = f.applyAsDouble(a.data()[broadcastOffset(idx, a.shape())], b.data()[broadcastOffset(idx, b.shape())]);
        }
        return r;
    }

    static Tensor random(long seed, int... shape) {
        return Tensor.uniform(Tensor.rng(seed), -2f, 2f, shape);
    }

    /** Units in the last place between two floats (0 for equal values, equal infinities, or two NaNs). */
    static long ulps(float a, float b) {
        if (Float.isNaN(a) && Float.isNaN(b)) return 0;
        if (a == b) return 0;
        if (Float.isNaN(a) || Float.isNaN(b)) return Long.MAX_VALUE;
        int ia = Float.floatToIntBits(a), ib = Float.floatToIntBits(b);
        if (ia < 0) ia = Integer.MIN_VALUE - ia;
        if (ib < 0) ib = Integer.MIN_VALUE - ib;
        return Math.abs((long) ia - ib);
    }
}
