package mgdaunet.nn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The safetensors element types we read. Each decodes little-endian bytes into float32, the
 * engine's only type: F64 rounds to nearest, F16 and BF16 widen exactly.
 */
enum DType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2);

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

    /** Decodes {@code out.length} elements starting at {@code bytes}' position. */
    void decode(ByteBuffer bytes, float[] out) {
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
        }
    }
}
