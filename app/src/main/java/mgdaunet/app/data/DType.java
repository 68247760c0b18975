package mgdaunet.app.data;

import java.util.Locale;

/**
 * The numeric element types of NumPy arrays (and of IDX files, which use a subset). The byte order
 * is kept apart, in {@link NdArray} and {@link NpyHeader}, because NumPy writes both.
 */
public enum DType {
    BOOL("b1", 1, Kind.BOOL),
    UINT8("u1", 1, Kind.UNSIGNED),
    INT8("i1", 1, Kind.SIGNED),
    UINT16("u2", 2, Kind.UNSIGNED),
    INT16("i2", 2, Kind.SIGNED),
    UINT32("u4", 4, Kind.UNSIGNED),
    INT32("i4", 4, Kind.SIGNED),
    UINT64("u8", 8, Kind.UNSIGNED),
    INT64("i8", 8, Kind.SIGNED),
    FLOAT16("f2", 2, Kind.FLOAT),
    FLOAT32("f4", 4, Kind.FLOAT),
    FLOAT64("f8", 8, Kind.FLOAT);

    enum Kind { BOOL, UNSIGNED, SIGNED, FLOAT }

    private final String code;
    private final int itemSize;
    private final Kind kind;

    DType(String code, int itemSize, Kind kind) {
        this.code = code;
        this.itemSize = itemSize;
        this.kind = kind;
    }

    /** NumPy's type code without the byte-order character: "u1", "f4", "b1". */
    public String code() {
        return code;
    }

    /** Bytes per element. */
    public int itemSize() {
        return itemSize;
    }

    /** True for the float types; integer and bool values are exact in {@link NdArray#getLong}. */
    public boolean isFloat() {
        return kind == Kind.FLOAT;
    }

    boolean isUnsigned() {
        return kind == Kind.UNSIGNED;
    }

    /** The type with NumPy code {@code code} ("u1", "<f4" without its order character), or null if there is none. */
    static DType ofCode(String code) {
        String c = code.toLowerCase(Locale.ROOT);
        if (c.equals("?")) return BOOL;
        for (DType t : values()) if (t.code.equals(c)) return t;
        return null;
    }

    /** The lower-case name users see in messages: "uint8", "float32". */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
