package mgdaunet.app.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The header of a NumPy {@code .npy} file (format versions 1.0, 2.0 and 3.0): element type, byte
 * order, shape, and where the data starts. Only C-order arrays of numeric types are accepted;
 * anything else is refused with a message naming the file and the reason.
 *
 * @param version    the major format version, 1 to 3
 * @param dataOffset the byte offset of the first element
 */
public record NpyHeader(int version, DType dtype, ByteOrder order, int[] shape, long dataOffset) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Bytes before the header text: magic, two version bytes, and a 2-byte (v1) or 4-byte (v2, v3) length. */
    static final int MIN_PREAMBLE = 10;

    public NpyHeader {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** Bytes of element data the header promises. */
    public long dataBytes() {
        return numel() * dtype.itemSize();
    }

    /** The dtype as NumPy writes it: "<f4", "|u1". */
    public String descr() {
        return descr(dtype, order);
    }

    static String descr(DType dtype, ByteOrder order) {
        char o = dtype.itemSize() == 1 ? '|' : order.equals(ByteOrder.BIG_ENDIAN) ? '>' : '<';
        return o + dtype.code();
    }

    /** "float32 (10, 64, 84)". */
    public String describe() {
        return dtype.displayName() + " " + NdArray.shapeString(shape);
    }

    /**
     * Checks the preamble at the start of {@code start} (magic, version, header length against the
     * file size) and returns the offset of the first element, that is the length of the whole header.
     */
    static long dataOffset(String file, ByteBuffer start, long fileSize) {
        if (start.remaining() < MIN_PREAMBLE) {
            throw new DataFileException(file, "not a .npy file: only " + fileSize + " bytes, too short for a NumPy header");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (start.get(i) != MAGIC[i]) throw new DataFileException(file, "not a .npy file: it does not start with the NumPy magic \\x93NUMPY");
        }
        int major = start.get(6) & 0xFF, minor = start.get(7) & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataFileException(file, "unsupported .npy format version " + major + "." + minor + " (supported: 1.0, 2.0, 3.0)");
        }
        int preamble = major == 1 ? 10 : 12;
        if (start.remaining() < preamble) throw new DataFileException(file, "truncated: the file ends inside the .npy header");
        ByteBuffer le = start.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? le.getShort(8) & 0xFFFF : le.getInt(8) & 0xFFFFFFFFL;
        long dataOffset = preamble + headerLen;
        if (dataOffset > fileSize) {
            throw new DataFileException(file, "truncated: the header is " + headerLen + " bytes long but the file ends after " + fileSize + " bytes");
        }
        return dataOffset;
    }

    /**
     * Parses the header at the start of {@code start} (which holds at least the preamble and, when
     * the file is long enough, the whole header text). {@code fileSize} bounds the header length.
     */
    static NpyHeader parse(String file, ByteBuffer start, long fileSize) {
        long dataOffset = dataOffset(file, start, fileSize);
        int major = start.get(6);
        int preamble = major == 1 ? 10 : 12;
        long headerLen = dataOffset - preamble;
        if (start.remaining() < dataOffset) throw new IllegalStateException("parse: header bytes not read");
        byte[] text = new byte[(int) headerLen];
        start.get(preamble, text);
        String header = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (!header.endsWith("\n")) throw new DataFileException(file, "corrupt .npy header: it does not end with a newline");

        Map<String, Object> dict;
        try {
            dict = PyLiteral.parseDict(header.strip());
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file, "corrupt .npy header: " + e.getMessage() + " in " + abbreviate(header.strip()));
        }
        for (String key : dict.keySet()) {
            if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
                throw new DataFileException(file, "corrupt .npy header: unexpected key '" + key + "'");
            }
        }
        Object descr = require(file, dict, "descr");
        Object fortran = require(file, dict, "fortran_order");
        Object shapeValue = require(file, dict, "shape");
        if (descr instanceof List<?>) {
            throw new DataFileException(file, "structured arrays (record dtypes) are not supported; save a plain numeric array");
        }
        if (!(descr instanceof String d)) throw new DataFileException(file, "corrupt .npy header: 'descr' is not a string");
        if (!(fortran instanceof Boolean f)) throw new DataFileException(file, "corrupt .npy header: 'fortran_order' is not True or False");
        if (f) {
            throw new DataFileException(file, "Fortran-order arrays are not supported; save the array in C order (np.save(path, np.ascontiguousarray(a)))");
        }
        if (d.isEmpty()) throw new DataFileException(file, "corrupt .npy header: empty 'descr'");
        DType dtype = dtype(file, d);
        ByteOrder order = byteOrder(file, d, dtype);
        int[] shape = shape(file, shapeValue);
        NpyHeader h = new NpyHeader(major, dtype, order, shape, dataOffset);
        long expected = dataOffset + h.dataBytes();
        if (fileSize < expected) {
            throw new DataFileException(file, "truncated: the header declares " + h.describe() + ", " + h.dataBytes() + " bytes of data, but the file holds " + (fileSize - dataOffset));
        }
        if (fileSize > expected) {
            throw new DataFileException(file, "corrupt: " + (fileSize - expected) + " unexpected bytes after the " + h.describe() + " array data");
        }
        return h;
    }

    /** At most 80 characters of header text on one line, non-printable characters as '?'. */
    private static String abbreviate(String text) {
        String cut = text.length() > 80 ? text.substring(0, 77) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static Object require(String file, Map<String, Object> dict, String key) {
        Object v = dict.get(key);
        if (v == null) throw new DataFileException(file, "corrupt .npy header: no '" + key + "' key");
        return v;
    }

    private static ByteOrder byteOrder(String file, String descr, DType dtype) {
        return switch (descr.charAt(0)) {
            case '<' -> ByteOrder.LITTLE_ENDIAN;
            case '>' -> ByteOrder.BIG_ENDIAN;
            case '=' -> throw new DataFileException(file, "dtype '" + descr + "' uses the writing machine's native byte order, which a file cannot tell; expected '<' or '>'");
            default -> {
                // '|' or no order character: fine for one-byte types only
                if (dtype.itemSize() > 1) throw new DataFileException(file, "dtype '" + descr + "' has no byte order; expected '<' (little-endian) or '>' (big-endian)");
                yield ByteOrder.LITTLE_ENDIAN;
            }
        };
    }

    private static String dtypeCode(String descr) {
        char c = descr.charAt(0);
        return c == '<' || c == '>' || c == '|' || c == '=' ? descr.substring(1) : descr;
    }

    private static DType dtype(String file, String descr) {
        String code = dtypeCode(descr);
        DType t = DType.ofCode(code);
        if (t != null) return t;
        String kind = code.isEmpty() ? "" : code.substring(0, 1);
        String why = switch (kind) {
            case "O" -> "object arrays are not supported (the file holds pickled Python objects, not numbers)";
            case "c" -> "complex numbers are not supported";
            case "U", "S", "a" -> "string arrays are not supported";
            case "M", "m" -> "dates and time deltas are not supported";
            case "V" -> "raw void/record arrays are not supported";
            default -> "unsupported dtype";
        };
        throw new DataFileException(file, "dtype '" + descr + "': " + why + "; expected one of u1 i1 u2 i2 u4 i4 u8 i8 f2 f4 f8 b1");
    }

    private static int[] shape(String file, Object value) {
        if (!(value instanceof List<?> dims)) throw new DataFileException(file, "corrupt .npy header: 'shape' is not a tuple");
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0) throw new DataFileException(file, "corrupt .npy header: shape entry " + dims.get(i) + " is not a non-negative integer");
            if (d > Integer.MAX_VALUE) throw new DataFileException(file, "shape entry " + d + " is too large");
            shape[i] = (int) (long) d;
        }
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyHigh(n, d) != 0 ? Long.MAX_VALUE : n * d;
            if (n > Long.MAX_VALUE / 8) throw new DataFileException(file, "shape " + NdArray.shapeString(shape) + " is too large");
        }
        return shape;
    }

    /** The header bytes for an array (preamble, dict text padded with spaces and a newline to a multiple of 64 bytes). */
    static byte[] encode(DType dtype, ByteOrder order, int[] shape, int version) {
        String dict = "{'descr': '" + descr(dtype, order) + "', 'fortran_order': False, 'shape': " + NdArray.shapeString(shape) + ", }";
        byte[] text = dict.getBytes(version == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int preamble = version == 1 ? 10 : 12;
        int total = preamble + text.length + 1;
        int padded = (total + 63) / 64 * 64;
        int headerLen = padded - preamble;
        if (version == 1 && headerLen > 0xFFFF) throw new IllegalArgumentException("npy: header of " + headerLen + " bytes needs format version 2");
        ByteBuffer b = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) b.putShort((short) headerLen); else b.putInt(headerLen);
        b.put(text);
        while (b.position() < padded - 1) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }
}
