package mgdaunet.app.data;

import mgdaunet.app.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the format of MNIST, Fashion-MNIST and EMNIST: two zero bytes, a type
 * code, the number of dimensions, each dimension as a big-endian int32, then the elements
 * big-endian. Gzip compression is recognised by its magic bytes, not by the file name. The data
 * length must match the dimensions exactly: a truncated file is an error, never a shorter array.
 */
public final class Idx {
    private Idx() {}

    /** Reads an IDX file, gzip-compressed or raw. */
    public static NdArray read(Path file) {
        if (Files.isDirectory(file)) throw new DataFileException(file.toString(), "is a folder, not an IDX file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.toString(), in);
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot read", e);
        }
    }

    /** Reads an IDX stream, gzip-compressed or raw; {@code name} names it in error messages. */
    public static NdArray read(String name, InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read(), b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        byte[] bytes;
        try {
            bytes = gzip ? new GZIPInputStream(buffered, 1 << 16).readAllBytes() : buffered.readAllBytes();
        } catch (EOFException e) {
            throw new DataFileException(name, "truncated: the gzip stream ends early");
        } catch (ZipException e) {
            throw new DataFileException(name, "corrupt gzip data (" + e.getMessage() + ")");
        }
        return parse(name, bytes, gzip);
    }

    private static NdArray parse(String name, byte[] bytes, boolean gzip) {
        String what = gzip ? "decompressed data" : "file";
        if (bytes.length < 4) throw new DataFileException(name, "not an IDX file: the " + what + " holds only " + bytes.length + " bytes");
        if (bytes[0] != 0 || bytes[1] != 0) {
            throw new DataFileException(name, String.format("not an IDX file: it starts with bytes %02x %02x, expected 00 00", bytes[0] & 0xFF, bytes[1] & 0xFF));
        }
        DType dtype = typeOf(name, bytes[2] & 0xFF);
        int rank = bytes[3] & 0xFF;
        if (rank == 0) throw new DataFileException(name, "corrupt IDX header: zero dimensions");
        int headerBytes = 4 + 4 * rank;
        if (bytes.length < headerBytes) throw new DataFileException(name, "truncated: the " + what + " ends inside the IDX header (" + rank + " dimensions declared)");
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int[] shape = new int[rank];
        long numel = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = buf.getInt(4 + 4 * d);
            if (shape[d] < 0) throw new DataFileException(name, "corrupt IDX header: dimension " + d + " is " + (shape[d] & 0xFFFFFFFFL));
            numel *= shape[d];
            if (numel > Integer.MAX_VALUE) throw new DataFileException(name, "corrupt IDX header: dimensions " + NdArray.shapeString(shape) + " are too large");
        }
        long expected = numel * dtype.itemSize();
        long actual = bytes.length - headerBytes;
        if (actual < expected) {
            throw new DataFileException(name, "truncated: the header declares " + dtype.displayName() + " " + dims(shape) + ", " + expected + " bytes of data, but the " + what + " holds " + actual);
        }
        if (actual > expected) {
            throw new DataFileException(name, "corrupt: " + (actual - expected) + " unexpected bytes after the " + dtype.displayName() + " " + dims(shape) + " data");
        }
        byte[] data = new byte[(int) expected];
        System.arraycopy(bytes, headerBytes, data, 0, data.length);
        return NdArray.wrap(dtype, ByteOrder.BIG_ENDIAN, shape, data);
    }

    /** "10000 x 28 x 28". */
    static String dims(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? " x " : "").append(shape[i]);
        return sb.toString();
    }

    private static DType typeOf(String name, int code) {
        return switch (code) {
            case 0x08 -> DType.UINT8;
            case 0x09 -> DType.INT8;
            case 0x0B -> DType.INT16;
            case 0x0C -> DType.INT32;
            case 0x0D -> DType.FLOAT32;
            case 0x0E -> DType.FLOAT64;
            default -> throw new DataFileException(name, String.format("not an IDX file: unknown type code 0x%02x (expected 08, 09, 0b, 0c, 0d or 0e)", code));
        };
    }

    private static int codeOf(DType t) {
        return switch (t) {
            case UINT8 -> 0x08;
            case INT8 -> 0x09;
            case INT16 -> 0x0B;
            case INT32 -> 0x0C;
            case FLOAT32 -> 0x0D;
            case FLOAT64 -> 0x0E;
            default -> throw new IllegalArgumentException("IDX has no type for " + t.displayName() + " (it stores uint8, int8, int16, int32, float32, float64)");
        };
    }

    /** Writes {@code array} as an IDX file (big-endian), gzip-compressed when asked. */
    public static void write(Path file, NdArray array, boolean gzip) {
        int code = codeOf(array.dtype());
        if (array.rank() == 0 || array.rank() > 255) throw new IllegalArgumentException("IDX: cannot store " + array.rank() + " dimensions");
        NdArray be = array.withOrder(ByteOrder.BIG_ENDIAN);
        try {
            AtomicFiles.write(file, raw -> {
                var out = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
                ByteBuffer h = ByteBuffer.allocate(4 + 4 * be.rank()).order(ByteOrder.BIG_ENDIAN);
                h.put((byte) 0).put((byte) 0).put((byte) code).put((byte) be.rank());
                for (int d = 0; d < be.rank(); d++) h.putInt(be.dim(d));
                out.write(h.array());
                out.write(be.rawBytes());
                if (out instanceof GZIPOutputStream g) g.finish();
            });
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot write", e);
        }
    }
}
