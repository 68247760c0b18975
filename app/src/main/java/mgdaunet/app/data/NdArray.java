package mgdaunet.app.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An n-dimensional array of one {@link DType} as read from or written to a data file: the element
 * bytes exactly as stored (row-major, in the given byte order) plus the shape. It keeps the file's
 * type so that round trips are exact; {@link #toFloats()} and friends convert for computing.
 */
public final class NdArray {
    private final DType dtype;
    private final ByteOrder order;
    private final int[] shape;
    private final byte[] raw;
    private final ByteBuffer buf;

    private NdArray(DType dtype, ByteOrder order, int[] shape, byte[] raw) {
        this.dtype = dtype;
        this.order = order;
        this.shape = shape;
        this.raw = raw;
        this.buf = ByteBuffer.wrap(raw).order(order);
    }

    /** An array of zeros. */
    public static NdArray zeros(DType dtype, ByteOrder order, int... shape) {
        long bytes = byteSize(dtype, shape);
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("NdArray: shape " + shapeString(shape) + " of " + dtype.displayName() + " needs " + bytes + " bytes, more than one Java array holds");
        }
        return new NdArray(dtype, order, shape.clone(), new byte[(int) bytes]);
    }

    /** An array over {@code raw} (not copied), whose length must match the shape and type. */
    public static NdArray wrap(DType dtype, ByteOrder order, int[] shape, byte[] raw) {
        long bytes = byteSize(dtype, shape);
        if (raw.length != bytes) {
            throw new IllegalArgumentException("NdArray.wrap: " + raw.length + " bytes do not hold shape " + shapeString(shape) + " of " + dtype.displayName() + " (" + bytes + " bytes)");
        }
        return new NdArray(dtype, order, shape.clone(), raw);
    }

    /** An array of type {@code dtype} holding {@code values}, each checked to fit the type. */
    public static NdArray of(DType dtype, ByteOrder order, int[] shape, double[] values) {
        NdArray a = zeros(dtype, order, shape);
        if (values.length != a.size()) throw new IllegalArgumentException("NdArray.of: " + values.length + " values for shape " + shapeString(shape));
        for (int i = 0; i < values.length; i++) a.setDouble(i, values[i]);
        return a;
    }

    /** An int32 array (little-endian) holding {@code values}. */
    public static NdArray ofInts(int[] values, int... shape) {
        NdArray a = zeros(DType.INT32, ByteOrder.LITTLE_ENDIAN, shape);
        if (values.length != a.size()) throw new IllegalArgumentException("NdArray.ofInts: " + values.length + " values for shape " + shapeString(shape));
        a.buf.asIntBuffer().put(values);
        return a;
    }

    /** A uint8 array over {@code values} (not copied). */
    public static NdArray ofUnsignedBytes(byte[] values, int... shape) {
        return wrap(DType.UINT8, ByteOrder.LITTLE_ENDIAN, shape, values);
    }

    static long byteSize(DType dtype, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + shapeString(shape));
            n *= d;
        }
        return n * dtype.itemSize();
    }

    // ------------------------------------------------------------------ description

    public DType dtype() {
        return dtype;
    }

    public ByteOrder order() {
        return order;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int d) {
        return shape[d];
    }

    /** Number of elements. */
    public int size() {
        return raw.length / dtype.itemSize();
    }

    /** The element bytes as stored, not copied. */
    public byte[] rawBytes() {
        return raw;
    }

    /** The shape as NumPy prints it: "(10, 64, 84)", "(5,)", "()". */
    public static String shapeString(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? ", " : "").append(shape[i]);
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------ elements

    public double getDouble(int i) {
        return ElementCodec.getDouble(buf, at(i), dtype);
    }

    /** The element as an exact integer; float elements must hold whole numbers. */
    public long getLong(int i) {
        return ElementCodec.getLong(buf, at(i), dtype);
    }

    public void setDouble(int i, double v) {
        ElementCodec.putDouble(buf, at(i), dtype, v);
    }

    public void setLong(int i, long v) {
        ElementCodec.putLong(buf, at(i), dtype, v);
    }

    private int at(int i) {
        if (i < 0 || i >= size()) throw new IndexOutOfBoundsException("element " + i + " of an array of shape " + shapeString(shape));
        return i * dtype.itemSize();
    }

    /** All elements as doubles. */
    public double[] toDoubles() {
        double[] out = new double[size()];
        ElementCodec.decode(buf.duplicate().order(order).position(0), dtype, out, 0, out.length);
        return out;
    }

    /** All elements as floats (rounded where the type is wider). */
    public float[] toFloats() {
        double[] d = toDoubles();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }

    /** This array with its elements re-encoded in another byte order (itself when the order already matches). */
    public NdArray withOrder(ByteOrder newOrder) {
        if (newOrder.equals(order) || dtype.itemSize() == 1) return new NdArray(dtype, newOrder, shape, raw);
        NdArray out = zeros(dtype, newOrder, shape);
        int step = dtype.itemSize();
        for (int at = 0; at < raw.length; at += step) {
            for (int b = 0; b < step; b++) out.raw[at + b] = raw[at + step - 1 - b];
        }
        return out;
    }

    /** Same type, shape and values (byte orders may differ). */
    public boolean sameValues(NdArray other) {
        if (dtype != other.dtype || !Arrays.equals(shape, other.shape)) return false;
        if (order.equals(other.order) || dtype.itemSize() == 1) return Arrays.equals(raw, other.raw);
        return Arrays.equals(raw, other.withOrder(order).raw);
    }

    @Override
    public String toString() {
        return "NdArray(" + dtype.displayName() + ", " + (order.equals(ByteOrder.BIG_ENDIAN) ? "big" : "little") + "-endian, shape " + shapeString(shape) + ")";
    }
}
