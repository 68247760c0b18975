package mgdaunet.nn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The safetensors element types we read. Each decodes little-endian bytes into float32, the
 * engine's only type: F64 rounds to nearest, F16 and BF16 widen exactly, and the integer types
 * (PyTorch's int64 {@code num_batches_tracked}, counters, masks) are taken when every value is a
 * float32 exactly and refused otherwise.
 */
enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2),
    I64(8),
    I32(4),
    I16(2),
    I8(1),
    U8(1),
    BOOL(1);

    /** Bytes per element. */
    final int size;

    DType(int size) {
        this.size = size;
    }

    /** The type named {@code name} in a header, or {@code null} for a name we do not read. */
    static DType byName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    /** The names of the types we read, for messages. */
    static String readable() {
        StringBuilder sb = new StringBuilder();
        for (DType t : values()) sb.append(sb.isEmpty() ? "" : ", ").append(t.name());
        return sb.toString();
    }

    /** An integer that no float32 holds exactly: the value, and its index in the tensor. */
    static final class InexactException extends Exception {
        final long value;
        final int index;

        InexactException(long value, int index) {
            super(null, null, false, false);
            this.value = value;
            this.index = index;
        }
    }

    /**
     * Decodes {@code out.length} elements starting at {@code bytes}' position.
     *
     * @throws InexactException for an integer value that float32 cannot hold exactly (beyond 2^24 and not
     *                          a multiple of the spacing of floats there)
     */
    void decode(ByteBuffer bytes, float[] out) throws InexactException {
        ByteBuffer b = bytes.order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> {
                var d = b.asDoubleBuffer();
                for (int i = 0; i < out.length; i++) out[i] = (float) d.get(i);
            }
            case F16 -> {
                var s = b.asShortBuffer();
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(s.get(i));
            }
            // bfloat16 is the upper half of a float32's bits.
            case BF16 -> {
                var s = b.asShortBuffer();
                for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat((s.get(i) & 0xffff) << 16);
            }
            case I64 -> {
                var l = b.asLongBuffer();
                for (int i = 0; i < out.length; i++) out[i] = exact(l.get(i), i);
            }
            case I32 -> {
                var n = b.asIntBuffer();
                for (int i = 0; i < out.length; i++) out[i] = exact(n.get(i), i);
            }
            case I16 -> {
                var s = b.asShortBuffer();
                for (int i = 0; i < out.length; i++) out[i] = s.get(i);
            }
            case I8 -> {
                for (int i = 0; i < out.length; i++) out[i] = b.get(b.position() + i);
            }
            case U8, BOOL -> {
                for (int i = 0; i < out.length; i++) out[i] = b.get(b.position() + i) & 0xff;
            }
        }
    }

    private static float exact(long v, int index) throws InexactException {
        float f = (float) v;
        // 2^63 is a float but not a long (the cast back saturates): Long.MAX_VALUE must not pass.
        if (f == 0x1p63f || (long) f != v) throw new InexactException(v, index);
        return f;
    }

    /** Encodes whole-number floats as little-endian int64 into {@code out}, which has room for them. */
    static void encodeI64(float[] values, int from, int count, ByteBuffer out) {
        for (int i = from; i < from + count; i++) out.putLong((long) values[i]);
    }
}
