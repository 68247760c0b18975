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

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
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
