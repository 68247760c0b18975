package mgdaunet.app.data;

import java.nio.ByteBuffer;

/**
 * Converts array elements between their stored bytes and Java numbers, for every {@link DType}.
 * The buffer's byte order decides the endianness. Bulk methods switch on the type once, outside
 * the loop, so that decoding a large file costs about a nanosecond per element.
 */
final class ElementCodec {
    private ElementCodec() {}

    /** Decodes {@code n} elements from {@code src}'s position (which advances) into {@code dst[off..off+n)}. */
    static void decode(ByteBuffer src, DType type, double[] dst, int off, int n) {
        int end = off + n;
        switch (type) {
            case BOOL -> { for (int i = off; i < end; i++) dst[i] = src.get() != 0 ? 1 : 0; }
            case UINT8 -> { for (int i = off; i < end; i++) dst[i] = src.get() & 0xFF; }
            case INT8 -> { for (int i = off; i < end; i++) dst[i] = src.get(); }
            case UINT16 -> { for (int i = off; i < end; i++) dst[i] = src.getShort() & 0xFFFF; }
            case INT16 -> { for (int i = off; i < end; i++) dst[i] = src.getShort(); }
            case UINT32 -> { for (int i = off; i < end; i++) dst[i] = src.getInt() & 0xFFFFFFFFL; }
            case INT32 -> { for (int i = off; i < end; i++) dst[i] = src.getInt(); }
            case UINT64 -> { for (int i = off; i < end; i++) dst[i] = unsignedToDouble(src.getLong()); }
            case INT64 -> { for (int i = off; i < end; i++) dst[i] = src.getLong(); }
            case FLOAT16 -> { for (int i = off; i < end; i++) dst[i] = Float.float16ToFloat(src.getShort()); }
            case FLOAT32 -> { for (int i = off; i < end; i++) dst[i] = src.getFloat(); }
            case FLOAT64 -> { for (int i = off; i < end; i++) dst[i] = src.getDouble(); }
        }
    }

    /** The element at byte offset {@code at} as a double (64-bit integers beyond 2^53 round, as in NumPy's astype). */
    static double getDouble(ByteBuffer buf, int at, DType type) {
        return switch (type) {
            case BOOL -> buf.get(at) != 0 ? 1 : 0;
            case UINT8 -> buf.get(at) & 0xFF;
            case INT8 -> buf.get(at);
            case UINT16 -> buf.getShort(at) & 0xFFFF;
            case INT16 -> buf.getShort(at);
            case UINT32 -> buf.getInt(at) & 0xFFFFFFFFL;
            case INT32 -> buf.getInt(at);
            case UINT64 -> unsignedToDouble(buf.getLong(at));
            case INT64 -> buf.getLong(at);
            case FLOAT16 -> Float.float16ToFloat(buf.getShort(at));
            case FLOAT32 -> buf.getFloat(at);
            case FLOAT64 -> buf.getDouble(at);
        };
    }

    /** The integer element at byte offset {@code at}, exactly (uint64 as its two's-complement bits). */
    static long getLong(ByteBuffer buf, int at, DType type) {
        return switch (type) {
            case BOOL -> buf.get(at) != 0 ? 1 : 0;
            case UINT8 -> buf.get(at) & 0xFF;
            case INT8 -> buf.get(at);
            case UINT16 -> buf.getShort(at) & 0xFFFF;
            case INT16 -> buf.getShort(at);
            case UINT32 -> buf.getInt(at) & 0xFFFFFFFFL;
            case INT32 -> buf.getInt(at);
            case UINT64, INT64 -> buf.getLong(at);
            case FLOAT16, FLOAT32, FLOAT64 -> {
                double v = getDouble(buf, at, type);
                if (v != Math.rint(v) || Math.abs(v) > 0x1p63) {
                    throw new IllegalArgumentException("getLong: " + type.displayName() + " element " + v + " is not an integer");
                }
                yield (long) v;
            }
        };
    }

    /** Writes {@code v} at byte offset {@code at}; integer types take only integral values within their range. */
    static void putDouble(ByteBuffer buf, int at, DType type, double v) {
        switch (type) {
            case FLOAT16 -> buf.putShort(at, Float.floatToFloat16((float) v));
            case FLOAT32 -> buf.putFloat(at, (float) v);
            case FLOAT64 -> buf.putDouble(at, v);
            default -> {
                if (v != Math.rint(v)) throw new IllegalArgumentException("value " + v + " is not an integer and cannot be stored as " + type.displayName());
                if (type == DType.UINT64 && v >= 0x1p63) {
                    putLong(buf, at, type, (long) (v / 2) << 1); // exact: doubles this large are even
                } else {
                    putLong(buf, at, type, (long) v);
                }
            }
        }
    }

    /** Writes the integer {@code v} at byte offset {@code at}, checking that the type can hold it. */
    static void putLong(ByteBuffer buf, int at, DType type, long v) {
        switch (type) {
            case BOOL -> buf.put(at, (byte) (checkRange(v, 0, 1, type) != 0 ? 1 : 0));
            case UINT8 -> buf.put(at, (byte) checkRange(v, 0, 0xFF, type));
            case INT8 -> buf.put(at, (byte) checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, type));
            case UINT16 -> buf.putShort(at, (short) checkRange(v, 0, 0xFFFF, type));
            case INT16 -> buf.putShort(at, (short) checkRange(v, Short.MIN_VALUE, Short.MAX_VALUE, type));
            case UINT32 -> buf.putInt(at, (int) checkRange(v, 0, 0xFFFFFFFFL, type));
            case INT32 -> buf.putInt(at, (int) checkRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE, type));
            case UINT64, INT64 -> buf.putLong(at, v); // uint64 takes the two's-complement bits, as getLong returns them
            case FLOAT16, FLOAT32, FLOAT64 -> putDouble(buf, at, type, v);
        }
    }

    private static long checkRange(long v, long lo, long hi, DType type) {
        if (v < lo || v > hi) throw new IllegalArgumentException("value " + v + " does not fit " + type.displayName() + " [" + lo + ", " + hi + "]");
        return v;
    }

    private static double unsignedToDouble(long bits) {
        return bits >= 0 ? bits : ((bits >>> 1) | (bits & 1)) * 2.0;
    }
}
