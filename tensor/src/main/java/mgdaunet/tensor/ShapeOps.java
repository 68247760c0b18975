package mgdaunet.tensor;

import java.util.Arrays;

/**
 * Copying shape operations: permute and transpose, slice and concat along a dimension, pad and crop
 * of the last two dimensions (height and width of NCHW images). Each copies whole contiguous runs with
 * {@link System#arraycopy} where the layout allows it.
 */
public final class ShapeOps {
    private ShapeOps() {}

    private static final int GRAIN = 1 << 15;

    // ------------------------------------------------------------------ permute, transpose

    /** A copy with dimensions reordered: output dimension i is input dimension {@code perm[i]}. */
    public static Tensor permute(Tensor x, int... perm) {
        int[] in = x.shape();
        int r = in.length;
        if (perm.length != r) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " has " + perm.length + " entries for a tensor of shape " + Shape.str(in));
        }
        int[] p = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            p[i] = Shape.axis("permute", perm[i], r);
            if (seen[p[i]]) throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the dimensions of " + Shape.str(in));
            seen[p[i]] = true;
        }
        int[] outShape = new int[r];
        for (int i = 0; i < r; i++) outShape[i] = in[p[i]];
        Tensor out = Tensor.zeros(outShape);
        if (out.size() == 0) return out;
        int[] inStride = Shape.strides(in);
        // Merge output dims that stay adjacent and in order in the input; drop size-1 dims.
        int[] size = new int[r], stride = new int[r];
        int m = 0;
        for (int i = 0; i < r; i++) {
            int s = outShape[i], st = inStride[p[i]];
            if (s == 1) continue;
            if (m > 0 && stride[m - 1] == st * s) {
                size[m - 1] *= s;
                stride[m - 1] = st;
            } else {
                size[m] = s;
                stride[m] = st;
                m++;
            }
        }
        float[] xd = x.data(), o = out.data();
        if (m <= 1) { // the identity up to size-1 dims
            System.arraycopy(xd, 0, o, 0, o.length);
            return out;
        }
        int len = size[m - 1], step = stride[m - 1], outer = m - 1;
        int rows = o.length / len;
        Parallel.forRange(rows, Math.max(1, GRAIN / len), (r0, r1) -> {
            int[] idx = new int[outer];
            int off = 0;
            for (int d = outer - 1, rest = r0; d >= 0; d--) {
                idx[d] = rest % size[d];
                rest /= size[d];
                off += idx[d] * stride[d];
            }
            for (int row = r0; row < r1; row++) {
                int oo = row * len;
                if (step == 1) System.arraycopy(xd, off, o, oo, len);
                else for (int j = 0, s = off; j < len; j++, s += step) o[oo + j] = xd[s];
                for (int d = outer - 1; d >= 0; d--) {
                    off += stride[d];
                    if (++idx[d] < size[d]) break;
                    off -= stride[d] * size[d];
                    idx[d] = 0;
                }
            }
        });
        return out;
    }

    /** A copy with dimensions d0 and d1 swapped. */
    public static Tensor transpose(Tensor x, int d0, int d1) {
        int r = x.rank();
        int a = Shape.axis("transpose", d0, r), b = Shape.axis("transpose", d1, r);
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = i;
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    // ------------------------------------------------------------------ slice, concat

    /** Indices [start, end) along {@code dim}, copied; {@code 0 <= start <= end <= size}. */
    public static Tensor slice(Tensor x, int dim, int start, int end) {
        int d = sliceAxis(x, dim, start, end);
        return copySlice(x, d, start, end, Tensor.zeros(sliceShape(x, d, start, end)));
    }

    /** {@link #slice} into a {@link Tensor#scratch} tensor: a gradient (autograd's concat backward). */
    public static Tensor sliceScratch(Tensor x, int dim, int start, int end) {
        int d = sliceAxis(x, dim, start, end);
        return copySlice(x, d, start, end, Tensor.scratch(sliceShape(x, d, start, end)));
    }

    /** The checked axis of a slice [start, end) along {@code dim}. */
    private static int sliceAxis(Tensor x, int dim, int start, int end) {
        int[] shape = x.shape();
        int d = Shape.axis("slice", dim, shape.length);
        if (start < 0 || start > end || end > shape[d]) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") of dimension " + dim + " is out of bounds for shape " + Shape.str(shape));
        }
        return d;
    }

    private static int[] sliceShape(Tensor x, int d, int start, int end) {
        int[] outShape = x.shape().clone();
        outShape[d] = end - start;
        return outShape;
    }

    private static Tensor copySlice(Tensor x, int d, int start, int end, Tensor out) {
        int[] shape = x.shape();
        int inner = innerSize(shape, d), outer = outerSize(shape, d);
        float[] xd = x.data(), o = out.data();
        int run = (end - start) * inner;
        for (int k = 0; k < outer; k++) System.arraycopy(xd, (k * shape[d] + start) * inner, o, k * run, run);
        return out;
    }

    /**
     * Writes {@code src} into {@code dst} at [start, start + src.dim(dim)) along {@code dim}; every other
     * dimension must match. The inverse of {@link #slice} (autograd's slice and concat backward).
     */
    public static Tensor copyIntoSlice(Tensor src, Tensor dst, int dim, int start) {
        int[] ss = src.shape(), ds = dst.shape();
        int d = Shape.axis("copyIntoSlice", dim, ds.length);
        boolean fits = ss.length == ds.length && start >= 0 && start + ss[d] <= ds[d];
        for (int i = 0; fits && i < ds.length; i++) fits = i == d || ss[i] == ds[i];
        if (!fits) {
            throw new IllegalArgumentException("copyIntoSlice: " + Shape.str(ss) + " does not fit into " + Shape.str(ds) + " at " + start + " along dimension " + dim);
        }
        int inner = innerSize(ds, d), outer = outerSize(ds, d);
        int run = ss[d] * inner;
        float[] s = src.data(), o = dst.data();
        Parallel.forRange(outer, copyGrain(run), (k0, k1) -> {
            for (int k = k0; k < k1; k++) System.arraycopy(s, k * run, o, (k * ds[d] + start) * inner, run);
        });
        return dst;
    }

    /**
     * Floats from which a copy is split between threads: a U-Net's skip maps are megabytes, and
     * one core does not saturate the memory bus.
     */
    private static final int PARALLEL_COPY = 1 << 16;

    /** Outer indices per task of a parallel copy of runs of {@code run} floats. */
    private static int copyGrain(int run) {
        return Math.max(1, PARALLEL_COPY / Math.max(1, run));
    }

    /** Joins tensors along {@code dim}; all other dimensions must agree. */
    public static Tensor concat(int dim, Tensor... parts) {
        if (parts.length == 0) throw new IllegalArgumentException("concat: needs at least one tensor");
        int[] first = parts[0].shape();
        int d = Shape.axis("concat", dim, first.length);
        int total = 0;
        for (Tensor t : parts) {
            int[] s = t.shape();
            boolean ok = s.length == first.length;
            for (int i = 0; ok && i < s.length; i++) ok = i == d || s[i] == first[i];
            if (!ok) {
                throw new IllegalArgumentException("concat along dimension " + dim + ": shapes " + Shape.str(first) + " and " + Shape.str(s) + " differ outside it");
            }
            total += s[d];
        }
        int[] outShape = first.clone();
        outShape[d] = total;
        Tensor out = Tensor.zeros(outShape);
        int inner = innerSize(first, d), outer = outerSize(first, d);
        float[] o = out.data();
        int row = total * inner;
        Parallel.forRange(outer, copyGrain(row), (k0, k1) -> {
            for (int k = k0; k < k1; k++) {
                int at = 0;
                for (Tensor t : parts) {
                    int run = t.dim(d) * inner;
                    System.arraycopy(t.data(), k * run, o, k * row + at, run);
                    at += run;
                }
            }
        });
        return out;
    }

    // ------------------------------------------------------------------ pad, crop

    /** Pads the last two dimensions: {@code top}/{@code bottom} rows and {@code left}/{@code right} columns of {@code value}. */
    public static Tensor pad2d(Tensor x, int top, int bottom, int left, int right, float value) {
        int[] s = x.shape();
        requireRankAtLeast2("pad2d", s);
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("pad2d: padding must be >= 0, got top " + top + ", bottom " + bottom + ", left " + left + ", right " + right + " (use crop2d to cut)");
        }
        int[] os = s.clone();
        os[s.length - 2] += top + bottom;
        os[s.length - 1] += left + right;
        Tensor out = Tensor.zeros(os);
        return pad2d(x, top, left, value, out);
    }

    /** Pads into {@code out}, whose last two dimensions are at least x's plus top/left; everything outside x is {@code value}. */
    public static Tensor pad2d(Tensor x, int top, int left, float value, Tensor out) {
        int[] s = x.shape(), os = out.shape();
        int r = s.length;
        int h = s[r - 2], w = s[r - 1], oh = os[r - 2], ow = os[r - 1];
        checkWindow("pad2d", os, s, top, left);
        float[] xd = x.data(), o = out.data();
        int planes = out.size() == 0 ? 0 : out.size() / (oh * ow);
        Parallel.forRange(planes, copyGrain(oh * ow), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * oh * ow;
                // Rows above and below the image, then each image row with its left and right margins.
                Arrays.fill(o, base, base + top * ow, value);
                Arrays.fill(o, base + (top + h) * ow, base + oh * ow, value);
                for (int i = 0; i < h; i++) {
                    int row = base + (top + i) * ow;
                    Arrays.fill(o, row, row + left, value);
                    System.arraycopy(xd, (p * h + i) * w, o, row + left, w);
                    Arrays.fill(o, row + left + w, row + ow, value);
                }
            }
        });
        return out;
    }

    /** The {@code height} x {@code width} window of the last two dimensions starting at row {@code top}, column {@code left}. */
    public static Tensor crop2d(Tensor x, int top, int left, int height, int width) {
        int[] s = x.shape();
        requireRankAtLeast2("crop2d", s);
        int[] os = s.clone();
        os[s.length - 2] = height;
        os[s.length - 1] = width;
        if (height < 0 || width < 0) throw new IllegalArgumentException("crop2d: negative window " + height + " x " + width + " of " + Shape.str(s));
        return crop2d(x, top, left, Tensor.zeros(os));
    }

    /** Crops into {@code out}, whose last two dimensions give the window's size. */
    public static Tensor crop2d(Tensor x, int top, int left, Tensor out) {
        int[] s = x.shape(), os = out.shape();
        int r = s.length;
        checkWindow("crop2d", s, os, top, left);
        int h = s[r - 2], w = s[r - 1], oh = os[r - 2], ow = os[r - 1];
        float[] xd = x.data(), o = out.data();
        int planes = out.size() == 0 ? 0 : out.size() / (oh * ow);
        Parallel.forRange(planes, copyGrain(oh * ow), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int i = 0; i < oh; i++) System.arraycopy(xd, (p * h + top + i) * w + left, o, (p * oh + i) * ow, ow);
            }
        });
        return out;
    }

    /** Checks that {@code small} sits inside {@code big} at (top, left) on the last two dims, all others equal. */
    private static void checkWindow(String op, int[] big, int[] small, int top, int left) {
        int r = big.length;
        boolean ok = r >= 2 && small.length == r && top >= 0 && left >= 0
                && top + small[r - 2] <= big[r - 2] && left + small[r - 1] <= big[r - 1];
        for (int i = 0; ok && i < r - 2; i++) ok = big[i] == small[i];
        if (!ok) {
            throw new IllegalArgumentException(op + ": window " + Shape.str(small) + " at row " + top + ", column " + left
                    + " does not fit in " + Shape.str(big));
        }
    }

    private static void requireRankAtLeast2(String op, int[] shape) {
        if (shape.length < 2) throw new IllegalArgumentException(op + ": needs a tensor of rank >= 2 (..., H, W), got shape " + Shape.str(shape));
    }

    static int innerSize(int[] shape, int d) {
        int n = 1;
        for (int i = d + 1; i < shape.length; i++) n *= shape[i];
        return n;
    }

    static int outerSize(int[] shape, int d) {
        int n = 1;
        for (int i = 0; i < d; i++) n *= shape[i];
        return n;
    }
}
