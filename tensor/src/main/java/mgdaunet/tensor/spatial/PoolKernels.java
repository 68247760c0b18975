package mgdaunet.tensor.spatial;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels of the U-Net's 2 x 2, stride-2 pooling and x2 upsampling, one plane row at a
 * time, each with a scalar twin: max-pool forward with argmax and its backward, nearest upsampling
 * and its backward. Branch-free: with random data a branch per comparison mispredicts half the
 * time, which made the plain loops several times slower than the memory traffic.
 */
final class PoolKernels {
    private PoolKernels() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int L = F.length();
    private static final VectorShuffle<Float> EVEN = VectorShuffle.makeUnzip(F, 0), ODD = VectorShuffle.makeUnzip(F, 1);
    private static final VectorShuffle<Float> ZIP_LO = VectorShuffle.makeZip(F, 0), ZIP_HI = VectorShuffle.makeZip(F, 1);

    /**
     * {@link #maxRow} without the argmax (inference: no backward pass to feed), the same comparisons
     * in the same order, so the same maxima bit for bit. Rows shorter than a vector (the small
     * levels of a U-Net) go through masked loads and stores instead of a scalar loop.
     */
    static void maxRowValues(boolean simd, float[] x, int r0, int w, int ow, float[] y, int out) {
        int ox = 0;
        if (simd) {
            for (; ox < ow; ox += L) {
                int c = r0 + 2 * ox, rest = ow - ox;
                FloatVector t0, t1, b0, b1;
                if (rest >= L) {
                    t0 = FloatVector.fromArray(F, x, c);
                    t1 = FloatVector.fromArray(F, x, c + L);
                    b0 = FloatVector.fromArray(F, x, c + w);
                    b1 = FloatVector.fromArray(F, x, c + w + L);
                } else {
                    VectorMask<Float> lo = F.indexInRange(0, 2 * rest), hi = F.indexInRange(L, 2 * rest);
                    t0 = FloatVector.fromArray(F, x, c, lo);
                    t1 = FloatVector.fromArray(F, x, c + L, hi);
                    b0 = FloatVector.fromArray(F, x, c + w, lo);
                    b1 = FloatVector.fromArray(F, x, c + w + L, hi);
                }
                FloatVector max = t0.rearrange(EVEN, t1);
                FloatVector v = t0.rearrange(ODD, t1);
                max = max.blend(v, v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN)));
                v = b0.rearrange(EVEN, b1);
                max = max.blend(v, v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN)));
                v = b0.rearrange(ODD, b1);
                max = max.blend(v, v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN)));
                if (rest >= L) max.intoArray(y, out + ox);
                else max.intoArray(y, out + ox, F.indexInRange(0, rest));
            }
            return;
        }
        for (; ox < ow; ox++) {
            int c = r0 + 2 * ox;
            float max = x[c];
            float v = x[c + 1];
            max = v > max || v != v ? v : max;
            v = x[c + w];
            max = v > max || v != v ? v : max;
            v = x[c + w + 1];
            max = v > max || v != v ? v : max;
            y[out + ox] = max;
        }
    }

    /**
     * One output row of 2 x 2 max pooling: input rows {@code r0} and {@code r0 + w} of a plane whose
     * row 2 * oy starts at in-plane index {@code rowIndex}; {@code ow} outputs from {@code out}. The
     * window is scanned (0,0), (0,1), (1,0), (1,1); a value replaces the maximum when greater or NaN.
     */
    static void maxRow(boolean simd, float[] x, int r0, int w, int rowIndex, int ow, float[] y, int[] argmax, int out) {
        int ox = 0;
        if (simd) {
            IntVector pairs = IntVector.zero(I).addIndex(2);
            for (; ox + L <= ow; ox += L) {
                int c = r0 + 2 * ox;
                FloatVector t0 = FloatVector.fromArray(F, x, c), t1 = FloatVector.fromArray(F, x, c + L);
                FloatVector b0 = FloatVector.fromArray(F, x, c + w), b1 = FloatVector.fromArray(F, x, c + w + L);
                FloatVector max = t0.rearrange(EVEN, t1);
                IntVector at = pairs.add(rowIndex + 2 * ox);
                FloatVector v = t0.rearrange(ODD, t1);
                VectorMask<Float> m = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max = max.blend(v, m);
                at = at.blend(at.add(1), m.cast(I));
                IntVector base = pairs.add(rowIndex + 2 * ox + w);
                v = b0.rearrange(EVEN, b1);
                m = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max = max.blend(v, m);
                at = at.blend(base, m.cast(I));
                v = b0.rearrange(ODD, b1);
                m = v.compare(VectorOperators.GT, max).or(v.test(VectorOperators.IS_NAN));
                max = max.blend(v, m);
                at = at.blend(base.add(1), m.cast(I));
                max.intoArray(y, out + ox);
                at.intoArray(argmax, out + ox);
            }
        }
        for (; ox < ow; ox++) {
            int c = r0 + 2 * ox, idx = rowIndex + 2 * ox;
            float max = x[c];
            int at = idx;
            float v = x[c + 1];
            boolean t = v > max || v != v;
            max = t ? v : max;
            at = t ? idx + 1 : at;
            v = x[c + w];
            t = v > max || v != v;
            max = t ? v : max;
            at = t ? idx + w : at;
            v = x[c + w + 1];
            t = v > max || v != v;
            max = t ? v : max;
            at = t ? idx + w + 1 : at;
            y[out + ox] = max;
            argmax[out + ox] = at;
        }
    }

    /**
     * The backward pass of {@link #maxRow}: writes both input rows of the windows of one output row,
     * the gradient where the argmax points, zero elsewhere. Returns false if an argmax lies outside
     * its window (the caller then reports it).
     */
    static boolean maxRowBackward(boolean simd, float[] dy, int[] argmax, int out, int ow, int rowIndex, int w, float[] dx, int r0) {
        int ox = 0;
        if (simd) {
            IntVector pairs = IntVector.zero(I).addIndex(2);
            FloatVector zero = FloatVector.zero(F);
            for (; ox + L <= ow; ox += L) {
                IntVector rel = IntVector.fromArray(I, argmax, out + ox).sub(pairs.add(rowIndex + 2 * ox));
                FloatVector g = FloatVector.fromArray(F, dy, out + ox);
                VectorMask<Integer> m00 = rel.eq(0), m01 = rel.eq(1), m10 = rel.eq(w), m11 = rel.eq(w + 1);
                if (!m00.or(m01).or(m10).or(m11).allTrue()) return false;
                FloatVector e00 = zero.blend(g, m00.cast(F)), e01 = zero.blend(g, m01.cast(F));
                FloatVector e10 = zero.blend(g, m10.cast(F)), e11 = zero.blend(g, m11.cast(F));
                int c = r0 + 2 * ox;
                e00.rearrange(ZIP_LO, e01).intoArray(dx, c);
                e00.rearrange(ZIP_HI, e01).intoArray(dx, c + L);
                e10.rearrange(ZIP_LO, e11).intoArray(dx, c + w);
                e10.rearrange(ZIP_HI, e11).intoArray(dx, c + w + L);
            }
        }
        for (; ox < ow; ox++) {
            int rel = argmax[out + ox] - (rowIndex + 2 * ox), c = r0 + 2 * ox;
            if (rel != 0 && rel != 1 && rel != w && rel != w + 1) return false;
            float g = dy[out + ox];
            dx[c] = rel == 0 ? g : 0f;
            dx[c + 1] = rel == 1 ? g : 0f;
            dx[c + w] = rel == w ? g : 0f;
            dx[c + w + 1] = rel == w + 1 ? g : 0f;
        }
        return true;
    }

    /**
     * One input row of nearest x2 upsampling: {@code w} values to 2 * w values at {@code dst} and
     * again at {@code dst2} (the two output rows), stored straight from registers.
     */
    static void upsampleRow(boolean simd, float[] x, int src, int w, float[] y, int dst, int dst2) {
        int i = 0;
        if (simd) {
            for (; i + L <= w; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, src + i);
                FloatVector lo = v.rearrange(ZIP_LO, v), hi = v.rearrange(ZIP_HI, v);
                lo.intoArray(y, dst + 2 * i);
                hi.intoArray(y, dst + 2 * i + L);
                lo.intoArray(y, dst2 + 2 * i);
                hi.intoArray(y, dst2 + 2 * i + L);
            }
            if (i < w) {
                // The rest (all of a row of the small levels) through masks rather than a scalar loop.
                int rest = w - i;
                VectorMask<Float> first = F.indexInRange(0, 2 * rest), second = F.indexInRange(L, 2 * rest);
                FloatVector v = FloatVector.fromArray(F, x, src + i, F.indexInRange(0, rest));
                FloatVector lo = v.rearrange(ZIP_LO, v), hi = v.rearrange(ZIP_HI, v);
                lo.intoArray(y, dst + 2 * i, first);
                hi.intoArray(y, dst + 2 * i + L, second);
                lo.intoArray(y, dst2 + 2 * i, first);
                hi.intoArray(y, dst2 + 2 * i + L, second);
                return;
            }
        }
        for (; i < w; i++) {
            float v = x[src + i];
            y[dst + 2 * i] = v;
            y[dst + 2 * i + 1] = v;
            y[dst2 + 2 * i] = v;
            y[dst2 + 2 * i + 1] = v;
        }
    }

    /** The backward pass of {@link #upsampleRow} for both output rows of an input row: sums of the 2 x 2 blocks. */
    static void upsampleRowBackward(boolean simd, float[] dy, int row, int ow, float[] dx, int dst, int w) {
        int i = 0;
        if (simd) {
            for (; i + L <= w; i += L) {
                int c = row + 2 * i;
                FloatVector t0 = FloatVector.fromArray(F, dy, c), t1 = FloatVector.fromArray(F, dy, c + L);
                FloatVector b0 = FloatVector.fromArray(F, dy, c + ow), b1 = FloatVector.fromArray(F, dy, c + ow + L);
                // Same association as the scalar twin: (top left + top right) + (bottom left + bottom right).
                FloatVector top = t0.rearrange(EVEN, t1).add(t0.rearrange(ODD, t1));
                FloatVector bottom = b0.rearrange(EVEN, b1).add(b0.rearrange(ODD, b1));
                top.add(bottom).intoArray(dx, dst + i);
            }
        }
        for (; i < w; i++) {
            int a = row + 2 * i;
            dx[dst + i] = (dy[a] + dy[a + 1]) + (dy[a + ow] + dy[a + ow + 1]);
        }
    }
}
