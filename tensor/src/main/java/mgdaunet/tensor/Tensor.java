package mgdaunet.tensor;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;

/**
 * A dense float32 tensor: one contiguous row-major {@code float[]} and a shape (NCHW for images).
 *
 * <p>Tensors are cheap, plain Java objects: nothing to close, no native memory. {@link #reshape}
 * returns a view sharing the data; every other shape operation copies. Kernels read and write
 * {@link #data()} directly.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    // True for backward-pass scratch (see scratch()): the graph may recycle its array once it is dead.
    private final boolean scratch;

    private Tensor(float[] data, int[] shape) {
        this(data, shape, false);
    }

    private Tensor(float[] data, int[] shape, boolean scratch) {
        this.data = data;
        this.shape = shape;
        this.scratch = scratch;
    }

    // ------------------------------------------------------------------ factories

    /** A tensor over {@code data} without copying it; {@code data.length} must equal the shape's size. */
    public static Tensor wrap(float[] data, int... shape) {
        int n = Shape.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("wrap: " + data.length + " values do not fill shape " + Shape.str(shape) + " (" + n + " elements)");
        }
        return new Tensor(data, shape.clone());
    }

    /** A tensor holding a copy of {@code data}. */
    public static Tensor of(float[] data, int... shape) {
        return wrap(data.clone(), shape);
    }

    /** A rank-0 tensor holding one value. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, new int[0]);
    }

    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shape.numel(shape)], shape.clone());
    }

    /**
     * A gradient-sized tensor with undefined contents, for a kernel that writes every element: its
     * array may come from {@link Buffers}, and autograd may hand it back there once the gradient it
     * holds is consumed. Use it only for tensors a backward pass returns as gradients.
     */
    public static Tensor scratch(int... shape) {
        return new Tensor(Buffers.take(Shape.numel(shape)), shape.clone(), true);
    }

    /** {@link #scratch} cleared to zeros, for kernels that scatter or accumulate into it. */
    public static Tensor scratchZeros(int... shape) {
        return new Tensor(Buffers.takeZeroed(Shape.numel(shape)), shape.clone(), true);
    }

    /** True for a tensor made by {@link #scratch}: its array is autograd's to recycle (views never are). */
    public boolean isScratch() {
        return scratch;
    }

    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape.clone());
    }

    /** A zero tensor of the same shape as {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return zeros(like.shape);
    }

    /** 0, 1, ..., n-1 as a rank-1 tensor. */
    public static Tensor arange(int n) {
        return arange(0f, n, 1f);
    }

    /** start, start + step, ... up to but excluding end, as a rank-1 tensor (NumPy's arange). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0f || Float.isNaN(step)) throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) (start + (double) i * step);
        return new Tensor(d, new int[] {n});
    }

    /** A seeded generator for the random factories; the same seed gives the same numbers on every platform. */
    public static RandomGenerator rng(long seed) {
        return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    }

    /** Values drawn uniformly from [lo, hi). */
    public static Tensor uniform(RandomGenerator rng, float lo, float hi, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        float span = hi - lo;
        for (int i = 0; i < d.length; i++) d[i] = lo + span * rng.nextFloat();
        return new Tensor(d, shape.clone());
    }

    /** Values drawn from a normal distribution with the given mean and standard deviation. */
    public static Tensor normal(RandomGenerator rng, float mean, float std, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        return new Tensor(d, shape.clone());
    }

    // ------------------------------------------------------------------ shape and data

    /** The backing array, row-major; writes go straight into the tensor (and its reshape views). */
    public float[] data() {
        return data;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d}; negative counts from the end. */
    public int dim(int d) {
        return shape[Shape.axis("dim", d, shape.length)];
    }

    public int rank() {
        return shape.length;
    }

    /** Number of elements. */
    public int size() {
        return data.length;
    }

    public boolean hasShape(int... s) {
        return Arrays.equals(shape, s);
    }

    public boolean sameShape(Tensor other) {
        return Arrays.equals(shape, other.shape);
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (data.length != 1) throw new IllegalStateException("item: tensor of shape " + Shape.str(shape) + " has " + data.length + " elements, not 1");
        return data[0];
    }

    /** Flat row-major offset of an index, checked against the shape. */
    public int offset(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length + " coordinates for shape " + Shape.str(shape));
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is out of bounds for shape " + Shape.str(shape));
            }
            off = off * shape[i] + index[i];
        }
        return off;
    }

    public float get(int... index) {
        return data[offset(index)];
    }

    public void set(float value, int... index) {
        data[offset(index)] = value;
    }

    /** A view with a new shape over the same data; one dimension may be -1 and is inferred. */
    public Tensor reshape(int... newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: only one dimension can be -1 in " + Shape.str(newShape));
                infer = i;
            } else {
                if (s[i] < 0) throw new IllegalArgumentException("reshape: negative dimension in " + Shape.str(newShape));
                known *= s[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || data.length % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " into " + Shape.str(newShape));
            }
            s[infer] = (int) (data.length / known);
        } else if (known != data.length) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(shape) + " (" + data.length + " elements) into " + Shape.str(newShape));
        }
        return new Tensor(data, s);
    }

    /** An independent copy. */
    public Tensor copy() {
        return new Tensor(data.clone(), shape.clone());
    }

    /** Copies {@code src}'s values into this tensor; shapes must match. */
    public Tensor copyFrom(Tensor src) {
        Shape.requireSame("copyFrom", shape, src.shape);
        System.arraycopy(src.data, 0, data, 0, data.length);
        return this;
    }

    /** Sets every element to {@code value}, in place. */
    public Tensor fill(float value) {
        Arrays.fill(data, value);
        return this;
    }

    // ------------------------------------------------------------------ elementwise (new tensors; see Elementwise for explicit outputs)

    private Tensor broadcastResult(String op, Tensor other) {
        return zeros(Shape.broadcast(op, shape, other.shape));
    }

    /** {@code this + b}, broadcasting. */
    public Tensor add(Tensor b) {
        return Elementwise.add(this, b, broadcastResult("add", b));
    }

    /** {@code this - b}, broadcasting. */
    public Tensor sub(Tensor b) {
        return Elementwise.sub(this, b, broadcastResult("sub", b));
    }

    /** {@code this * b}, broadcasting. */
    public Tensor mul(Tensor b) {
        return Elementwise.mul(this, b, broadcastResult("mul", b));
    }

    /** {@code this / b}, broadcasting. */
    public Tensor div(Tensor b) {
        return Elementwise.div(this, b, broadcastResult("div", b));
    }

    /** Elementwise max with b, broadcasting; NaN wins. */
    public Tensor maximum(Tensor b) {
        return Elementwise.maximum(this, b, broadcastResult("maximum", b));
    }

    /** Elementwise min with b, broadcasting; NaN wins. */
    public Tensor minimum(Tensor b) {
        return Elementwise.minimum(this, b, broadcastResult("minimum", b));
    }

    public Tensor add(float s) {
        return Elementwise.add(this, s, zeros(shape));
    }

    public Tensor sub(float s) {
        return Elementwise.sub(this, s, zeros(shape));
    }

    /** {@code s - this}. */
    public Tensor rsub(float s) {
        return Elementwise.rsub(s, this, zeros(shape));
    }

    public Tensor mul(float s) {
        return Elementwise.mul(this, s, zeros(shape));
    }

    public Tensor div(float s) {
        return Elementwise.div(this, s, zeros(shape));
    }

    /** {@code s / this}. */
    public Tensor rdiv(float s) {
        return Elementwise.rdiv(s, this, zeros(shape));
    }

    public Tensor maximum(float s) {
        return Elementwise.maximum(this, s, zeros(shape));
    }

    public Tensor minimum(float s) {
        return Elementwise.minimum(this, s, zeros(shape));
    }

    public Tensor neg() {
        return Elementwise.neg(this, zeros(shape));
    }

    public Tensor exp() {
        return Elementwise.exp(this, zeros(shape));
    }

    public Tensor log() {
        return Elementwise.log(this, zeros(shape));
    }

    public Tensor sqrt() {
        return Elementwise.sqrt(this, zeros(shape));
    }

    /** {@code this^p} for a scalar exponent. */
    public Tensor pow(float p) {
        return Elementwise.pow(this, p, zeros(shape));
    }

    public Tensor square() {
        return Elementwise.square(this, zeros(shape));
    }

    public Tensor abs() {
        return Elementwise.abs(this, zeros(shape));
    }

    public Tensor relu() {
        return Elementwise.relu(this, zeros(shape));
    }

    public Tensor leakyRelu(float slope) {
        return Elementwise.leakyRelu(this, slope, zeros(shape));
    }

    public Tensor sigmoid() {
        return Elementwise.sigmoid(this, zeros(shape));
    }

    public Tensor tanh() {
        return Elementwise.tanh(this, zeros(shape));
    }

    /** Values limited to [lo, hi]. */
    public Tensor clamp(float lo, float hi) {
        return Elementwise.clamp(this, lo, hi, zeros(shape));
    }

    // ------------------------------------------------------------------ in place (b broadcasts into this tensor's shape)

    public Tensor addInPlace(Tensor b) {
        return Elementwise.add(this, b, this);
    }

    public Tensor subInPlace(Tensor b) {
        return Elementwise.sub(this, b, this);
    }

    public Tensor mulInPlace(Tensor b) {
        return Elementwise.mul(this, b, this);
    }

    public Tensor divInPlace(Tensor b) {
        return Elementwise.div(this, b, this);
    }

    public Tensor addInPlace(float s) {
        return Elementwise.add(this, s, this);
    }

    public Tensor subInPlace(float s) {
        return Elementwise.sub(this, s, this);
    }

    public Tensor mulInPlace(float s) {
        return Elementwise.mul(this, s, this);
    }

    public Tensor divInPlace(float s) {
        return Elementwise.div(this, s, this);
    }

    public Tensor clampInPlace(float lo, float hi) {
        return Elementwise.clamp(this, lo, hi, this);
    }

    public Tensor reluInPlace() {
        return Elementwise.relu(this, this);
    }

    // ------------------------------------------------------------------ reductions

    /** Max along one dimension and the index of the max there (row-major over the remaining dims). */
    public record MaxResult(Tensor values, int[] indices) {}

    /** Sum of all elements as a rank-0 tensor (accumulated in double). */
    public Tensor sum() {
        return scalar((float) Reductions.sumAll(this));
    }

    /** Sum over the given dimensions (negative count from the end), which are dropped. */
    public Tensor sum(int... dims) {
        return Reductions.sum(this, dims, false);
    }

    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, dims, keepDim);
    }

    /** Mean of all elements as a rank-0 tensor; NaN when empty. */
    public Tensor mean() {
        return scalar((float) (Reductions.sumAll(this) / data.length));
    }

    public Tensor mean(int... dims) {
        return Reductions.mean(this, dims, false);
    }

    public Tensor mean(int[] dims, boolean keepDim) {
        return Reductions.mean(this, dims, keepDim);
    }

    /** The largest element as a rank-0 tensor; NaN if any is NaN. */
    public Tensor max() {
        return scalar(Reductions.maxAll(this));
    }

    /** Max over several dimensions, values only. */
    public Tensor max(int[] dims, boolean keepDim) {
        return Reductions.max(this, dims, keepDim);
    }

    /** Max along one dimension with its argmax (first index among ties). */
    public MaxResult max(int dim, boolean keepDim) {
        return Reductions.maxWithIndex(this, dim, keepDim);
    }

    /** Index of the max along {@code dim} (the class prediction of logits along dim 1). */
    public int[] argmax(int dim) {
        return Reductions.maxWithIndex(this, dim, false).indices();
    }

    /** Variance of all elements, biased (divide by n) or unbiased (n - 1). */
    public Tensor variance(boolean unbiased) {
        int[] all = new int[shape.length];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return Reductions.variance(this, all, unbiased, false);
    }

    public Tensor variance(int[] dims, boolean unbiased, boolean keepDim) {
        return Reductions.variance(this, dims, unbiased, keepDim);
    }

    /** Sums this (broadcast) tensor down to {@code target}; returns this tensor itself when the shapes are equal. */
    public Tensor sumTo(int... target) {
        return Reductions.sumTo(this, target);
    }

    public Tensor softmax(int dim) {
        return Softmax.softmax(this, dim, zeros(shape));
    }

    public Tensor logSoftmax(int dim) {
        return Softmax.logSoftmax(this, dim, zeros(shape));
    }

    // ------------------------------------------------------------------ shape operations (copies)

    /** Dimensions reordered: output dim i is input dim {@code perm[i]}. */
    public Tensor permute(int... perm) {
        return ShapeOps.permute(this, perm);
    }

    public Tensor transpose(int d0, int d1) {
        return ShapeOps.transpose(this, d0, d1);
    }

    /** Indices [start, end) along {@code dim}. */
    public Tensor slice(int dim, int start, int end) {
        return ShapeOps.slice(this, dim, start, end);
    }

    /** The tensors joined along {@code dim}. */
    public static Tensor concat(int dim, Tensor... parts) {
        return ShapeOps.concat(dim, parts);
    }

    /** Pads the last two dimensions (H, W) with {@code value}. */
    public Tensor pad2d(int top, int bottom, int left, int right, float value) {
        return ShapeOps.pad2d(this, top, bottom, left, right, value);
    }

    /** The {@code height} x {@code width} window of the last two dimensions at (top, left). */
    public Tensor crop2d(int top, int left, int height, int width) {
        return ShapeOps.crop2d(this, top, left, height, width);
    }

    /** Matrix product: 2-D x 2-D, batched 3-D x 3-D, or 3-D x 2-D. */
    public Tensor matmul(Tensor b) {
        return MatMul.matmul(this, b);
    }

    // ------------------------------------------------------------------ comparison and printing

    /**
     * True when shapes match and every pair of values satisfies {@code |a - b| <= atol + rtol * |b|}
     * (NumPy's allclose, with {@code other} as the reference); NaNs are never close.
     */
    public boolean allClose(Tensor other, float rtol, float atol) {
        if (!sameShape(other)) return false;
        for (int i = 0; i < data.length; i++) {
            float a = data[i], b = other.data[i];
            if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
                if (a == b) continue; // equal infinities
                return false;
            }
        }
        return true;
    }

    /** The largest absolute difference to a tensor of the same shape. */
    public float maxAbsDiff(Tensor other) {
        Shape.requireSame("maxAbsDiff", shape, other.shape);
        float m = 0f;
        for (int i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i] - other.data[i]));
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    /** PyTorch-like text: nested brackets for small tensors, a summary line with the first values for large ones. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tensor(");
        if (data.length <= 1000) {
            appendNested(sb, 0, 0, 7);
        } else {
            sb.append('[');
            for (int i = 0; i < 6; i++) sb.append(fmt(data[i])).append(", ");
            sb.append("...]");
        }
        return sb.append(", shape=").append(Shape.str(shape)).append(')').toString();
    }

    private int appendNested(StringBuilder sb, int dim, int off, int indent) {
        if (dim == shape.length) {
            sb.append(fmt(data[off]));
            return off + 1;
        }
        sb.append('[');
        for (int i = 0; i < shape[dim]; i++) {
            if (i > 0) {
                sb.append(',');
                if (dim == shape.length - 1) sb.append(' ');
                else sb.append('\n').repeat(" ", indent + dim + 1);
            }
            off = appendNested(sb, dim + 1, off, indent);
        }
        sb.append(']');
        return off;
    }

    private static String fmt(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.format("%.0f.", v);
        if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6) return String.format("%.4f", v);
        return String.format("%.4e", v);
    }
}
