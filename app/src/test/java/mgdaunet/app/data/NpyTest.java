package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NpyTest {
    @TempDir
    Path dir;

    private static final List<int[]> SHAPES = List.of(new int[] {}, new int[] {0}, new int[] {1}, new int[] {7}, new int[] {3, 5, 2}, new int[] {2, 0, 4});

    /** Values that span a type's range, its extremes included. */
    static double[] values(DType t, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (t) {
                case BOOL -> r.nextInt(2);
                case UINT8 -> i == 0 ? 255 : r.nextInt(256);
                case INT8 -> i == 0 ? -128 : i == 1 ? 127 : r.nextInt(256) - 128;
                case UINT16 -> i == 0 ? 65535 : r.nextInt(65536);
                case INT16 -> i == 0 ? Short.MIN_VALUE : r.nextInt(65536) - 32768;
                case UINT32 -> i == 0 ? 4294967295.0 : r.nextLong(1L << 32);
                case INT32 -> i == 0 ? Integer.MIN_VALUE : i == 1 ? Integer.MAX_VALUE : r.nextInt();
                case UINT64, INT64 -> r.nextLong(1L << 52);
                case FLOAT16 -> i == 0 ? 65504 : Float.float16ToFloat(Float.floatToFloat16((float) r.nextGaussian()));
                case FLOAT32 -> i == 0 ? Float.MAX_VALUE : i == 1 ? Float.MIN_VALUE : (float) r.nextGaussian();
                case FLOAT64 -> i == 0 ? -Double.MAX_VALUE : i == 1 ? Double.MIN_VALUE : r.nextGaussian() * 1e10;
            };
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void roundTripsEveryShapeByteOrderAndVersion(DType t) {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            for (int version = 1; version <= 3; version++) {
                for (int[] shape : SHAPES) {
                    int n = 1;
                    for (int d : shape) n *= d;
                    NdArray a = NdArray.of(t, order, shape, values(t, n, n * 31L + version));
                    Path f = dir.resolve(t + "-" + order + "-" + version + "-" + n + ".npy");
                    NpyWriter.write(f, a, version);
                    NdArray b = NpyReader.read(f);
                    NpyHeader h = NpyReader.readHeader(f);
                    String what = t + " " + order + " v" + version + " " + Arrays.toString(shape);
                    assertEquals(version, h.version(), what);
                    assertEquals(0, h.dataOffset() % 64, what + ": header padded to 64 bytes as NumPy does");
                    assertEquals(t, b.dtype(), what);
                    assertEquals(t.itemSize() == 1 ? ByteOrder.LITTLE_ENDIAN : order, b.order(), what);
                    assertArrayEquals(shape, b.shape(), what);
                    assertArrayEquals(a.toDoubles(), b.toDoubles(), what);
                    assertTrue(a.sameValues(b), what);
                }
            }
        }
    }

    @Test
    void exactSixtyFourBitIntegers() {
        long[] v = {Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, -1};
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            NdArray a = NdArray.zeros(DType.INT64, order, v.length);
            for (int i = 0; i < v.length; i++) a.setLong(i, v[i]);
            Path f = dir.resolve("i8" + order + ".npy");
            NpyWriter.write(f, a);
            NdArray b = NpyReader.read(f);
            for (int i = 0; i < v.length; i++) assertEquals(v[i], b.getLong(i));
        }
    }

    @Test
    void streamingReadEqualsWholeRead() {
        NdArray a = NdArray.of(DType.FLOAT32, ByteOrder.BIG_ENDIAN, new int[] {700_001}, values(DType.FLOAT32, 700_001, 5));
        Path f = dir.resolve("big.npy");
        NpyWriter.write(f, a);
        double[] streamed = new double[a.size()];
        try (NpyReader r = NpyReader.open(f)) {
            int at = 0;
            for (int step : new int[] {1, 3, 262_143, 262_145, 17}) {
                r.read(streamed, at, step);
                at += step;
            }
            r.read(streamed, at, a.size() - at);
            assertEquals(0, r.remaining());
        }
        assertArrayEquals(a.toDoubles(), streamed);
    }

    // ------------------------------------------------------------------ files written by NumPy 2.4

    static Path fixture(String name) {
        try {
            return Path.of(NpyTest.class.getResource("/mgdaunet/app/data/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsFilesWrittenByNumpy() {
        NdArray i2 = NpyReader.read(fixture("big_endian_i2.npy"));
        assertEquals(DType.INT16, i2.dtype());
        assertEquals(ByteOrder.BIG_ENDIAN, i2.order());
        assertArrayEquals(new int[] {2, 3}, i2.shape());
        assertArrayEquals(new double[] {1, -2, 300, -32768, 32767, 0}, i2.toDoubles());
        assertArrayEquals(new double[] {0, 1, 65535, 513}, NpyReader.read(fixture("little_u2.npy")).toDoubles());
        assertArrayEquals(new double[] {1, 0, 1, 1, 0}, NpyReader.read(fixture("bool.npy")).toDoubles());
        assertEquals(DType.BOOL, NpyReader.read(fixture("bool.npy")).dtype());
        assertArrayEquals(new double[] {0.5, -2, 65504, Float.float16ToFloat(Float.floatToFloat16(1e-3f))}, NpyReader.read(fixture("float16.npy")).toDoubles());
        assertArrayEquals(new double[] {1.5, -0.25, 1e300, -1e-300}, NpyReader.read(fixture("big_endian_f8.npy")).toDoubles());
        assertEquals(Long.MIN_VALUE + 5, NpyReader.read(fixture("u8.npy")).getLong(0), "uint64 2^63 + 5 as its two's-complement bits");
        assertEquals(0x1p63, NpyReader.read(fixture("u8.npy")).getDouble(0));
        NdArray i8 = NpyReader.read(fixture("i8.npy"));
        assertEquals(-(1L << 62) - 7, i8.getLong(0));
        assertEquals((1L << 62) + 9, i8.getLong(1));
        NdArray scalar = NpyReader.read(fixture("scalar_f4.npy"));
        assertEquals(0, scalar.rank());
        assertEquals(3.25, scalar.getDouble(0));
        NdArray empty = NpyReader.read(fixture("empty_i4.npy"));
        assertArrayEquals(new int[] {0, 3}, empty.shape());
        assertEquals(0, empty.size());
        NdArray v2 = NpyReader.read(fixture("v2_u1.npy"));
        assertEquals(2, NpyReader.readHeader(fixture("v2_u1.npy")).version());
        assertEquals(11, v2.getDouble(11));
        NdArray v3 = NpyReader.read(fixture("v3_f4.npy"));
        assertEquals(3, NpyReader.readHeader(fixture("v3_f4.npy")).version());
        assertArrayEquals(new double[] {1, 2.5, -3, 4}, v3.toDoubles());
    }

    @Test
    void ourFilesMatchNumpysBytes() throws IOException {
        // NumPy 2.4 wrote this exact file for np.array([[1,-2,300],[-32768,32767,0]], '>i2')
        NdArray a = NdArray.of(DType.INT16, ByteOrder.BIG_ENDIAN, new int[] {2, 3}, new double[] {1, -2, 300, -32768, 32767, 0});
        Path ours = dir.resolve("ours.npy");
        NpyWriter.write(ours, a);
        assertArrayEquals(Files.readAllBytes(fixture("big_endian_i2.npy")), Files.readAllBytes(ours));
    }

    @Test
    void refusesWhatItCannotRepresentNamingTheFile() {
        assertMessage(fixture("fortran.npy"), "Fortran-order arrays are not supported");
        assertMessage(fixture("object.npy"), "object arrays are not supported");
        assertMessage(fixture("structured.npy"), "structured arrays");
        assertMessage(fixture("complex.npy"), "complex numbers are not supported");
    }

    // ------------------------------------------------------------------ corrupt files

    private Path valid() {
        Path f = dir.resolve("valid.npy");
        NpyWriter.write(f, NdArray.of(DType.FLOAT32, ByteOrder.LITTLE_ENDIAN, new int[] {4, 5}, values(DType.FLOAT32, 20, 1)));
        return f;
    }

    private Path withBytes(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static DataFileException assertMessage(Path f, String part) {
        DataFileException e = assertThrows(DataFileException.class, () -> NpyReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(part), "says '" + part + "': " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void truncatedOrPaddedFilesAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(valid());
        assertMessage(withBytes("short.npy", Arrays.copyOf(good, good.length - 1)), "truncated: the header declares float32 (4, 5), 80 bytes of data, but the file holds 79");
        assertMessage(withBytes("half.npy", Arrays.copyOf(good, 100)), "truncated");
        assertMessage(withBytes("headercut.npy", Arrays.copyOf(good, 40)), "truncated: the header is 118 bytes long");
        assertMessage(withBytes("tiny.npy", Arrays.copyOf(good, 5)), "too short");
        assertMessage(withBytes("empty.npy", new byte[0]), "too short");
        assertMessage(withBytes("long.npy", Arrays.copyOf(good, good.length + 3)), "3 unexpected bytes after");
    }

    @Test
    void corruptHeadersAreRefused() throws IOException {
        byte[] good = Files.readAllBytes(valid());
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertMessage(withBytes("magic.npy", magic), "not a .npy file");
        byte[] version = good.clone();
        version[6] = 4;
        assertMessage(withBytes("version.npy", version), "unsupported .npy format version 4.0");
        assertMessage(withBytes("text.npy", "hello, world, this is not numpy".getBytes(StandardCharsets.US_ASCII)), "not a .npy file");
        assertMessage(withHeader("native.npy", "{'descr': '=f4', 'fortran_order': False, 'shape': (2,), }", 8), "native byte order");
        assertMessage(withHeader("noorder.npy", "{'descr': 'f4', 'fortran_order': False, 'shape': (2,), }", 8), "has no byte order");
        assertMessage(withHeader("nokey.npy", "{'descr': '<f4', 'shape': (2,), }", 8), "no 'fortran_order' key");
        assertMessage(withHeader("extra.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", 8), "unexpected key 'x'");
        assertMessage(withHeader("negative.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", 8), "not a non-negative integer");
        assertMessage(withHeader("garbage.npy", "{'descr': '<f4', 'fortran_order': Nope, 'shape': (2,), }", 8), "corrupt .npy header");
        assertMessage(withHeader("string.npy", "{'descr': '<U3', 'fortran_order': False, 'shape': (2,), }", 24), "string arrays are not supported");
        assertMessage(withHeader("unknown.npy", "{'descr': '<q9', 'fortran_order': False, 'shape': (2,), }", 8), "unsupported dtype");
        // sizes in the header that do not fit the file
        assertMessage(withHeader("huge.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }", 8), "truncated");
    }

    /** A version 1 file with the given header text and {@code dataBytes} zero bytes of data. */
    private Path withHeader(String name, String dict, int dataBytes) throws IOException {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length + dataBytes];
        System.arraycopy(NpyHeader.MAGIC, 0, out, 0, 6);
        out[6] = 1;
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return withBytes(name, out);
    }

    @Test
    void missingFilesAndFoldersAreNamed() {
        Path missing = dir.resolve("nope.npy");
        DataFileException e = assertThrows(DataFileException.class, () -> NpyReader.read(missing));
        assertEquals(missing + ": cannot read: no such file or folder", e.getMessage());
        DataFileException d = assertThrows(DataFileException.class, () -> NpyReader.read(dir));
        assertTrue(d.getMessage().contains("is a folder"), d.getMessage());
    }

    // ------------------------------------------------------------------ writer safety

    @Test
    void anIncompleteWriteLeavesThePreviousFileIntact() throws IOException {
        Path f = valid();
        byte[] before = Files.readAllBytes(f);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (NpyWriter w = NpyWriter.create(f, DType.UINT8, ByteOrder.LITTLE_ENDIAN, 3)) {
                w.write(1);
            }
        });
        assertTrue(e.getMessage().contains("only 1 of 3 elements"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void valuesThatDoNotFitTheTypeAreRefused() {
        Path f = dir.resolve("x.npy");
        assertThrows(IllegalArgumentException.class, () -> {
            try (NpyWriter w = NpyWriter.create(f, DType.UINT8, ByteOrder.LITTLE_ENDIAN, 1)) {
                w.writeInts(new int[] {256}, 0, 1);
            }
        });
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.INT8, ByteOrder.LITTLE_ENDIAN, new int[] {1}, new double[] {0.5}));
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(DType.INT16, ByteOrder.LITTLE_ENDIAN, new int[] {1}, new double[] {40000}));
        assertFalse(Files.exists(f));
    }

    @Test
    void writingMoreThanTheShapeIsAnError() {
        Path f = dir.resolve("y.npy");
        assertThrows(IllegalStateException.class, () -> {
            try (NpyWriter w = NpyWriter.create(f, DType.INT32, ByteOrder.LITTLE_ENDIAN, 2)) {
                w.writeInts(new int[] {1, 2, 3}, 0, 3);
            }
        });
    }
}
