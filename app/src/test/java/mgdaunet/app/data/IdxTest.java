package mgdaunet.app.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    private static final List<DType> IDX_TYPES = List.of(DType.UINT8, DType.INT8, DType.INT16, DType.INT32, DType.FLOAT32, DType.FLOAT64);

    @Test
    void roundTripsEveryTypeShapeAndCompression() {
        for (DType t : IDX_TYPES) {
            for (int[] shape : List.of(new int[] {0}, new int[] {1}, new int[] {9}, new int[] {3, 5, 7}, new int[] {2, 1, 3, 2})) {
                int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
                for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                    NdArray a = NdArray.of(t, order, shape, NpyTest.values(t, n, n + 7L));
                    for (boolean gzip : new boolean[] {false, true}) {
                        Path f = dir.resolve(t + "-" + n + "-" + order + "-" + gzip);
                        Idx.write(f, a, gzip);
                        NdArray b = Idx.read(f);
                        String what = t + " " + Arrays.toString(shape) + " " + order + (gzip ? " gzip" : " raw");
                        assertEquals(t, b.dtype(), what);
                        assertArrayEquals(shape, b.shape(), what);
                        assertArrayEquals(a.toDoubles(), b.toDoubles(), what);
                    }
                }
            }
        }
    }

    @Test
    void idxIsBigEndianWithTheStandardHeader() throws IOException {
        Path f = dir.resolve("labels");
        Idx.write(f, NdArray.of(DType.INT32, ByteOrder.LITTLE_ENDIAN, new int[] {2}, new double[] {1, 258}), false);
        assertArrayEquals(new byte[] {0, 0, 0x0C, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 1, 2}, Files.readAllBytes(f));
    }

    @Test
    void compressionIsRecognisedByContentNotName() {
        NdArray a = NdArray.ofUnsignedBytes(new byte[] {1, 2, 3, (byte) 255}, 2, 2);
        Path gzipNamedRaw = dir.resolve("train-images-idx3-ubyte");
        Path rawNamedGzip = dir.resolve("t10k-images-idx3-ubyte.gz");
        Idx.write(gzipNamedRaw, a, true);
        Idx.write(rawNamedGzip, a, false);
        assertTrue(a.sameValues(Idx.read(gzipNamedRaw)));
        assertTrue(a.sameValues(Idx.read(rawNamedGzip)));
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(raw);
        }
        return out.toByteArray();
    }

    private static void assertMessage(Path f, String part) {
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(part), "says '" + part + "': " + e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    /** 3 images of 2 x 2 unsigned bytes. */
    private static final byte[] GOOD = {0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    @Test
    void truncatedAndPaddedFilesAreRefused() throws IOException {
        assertEquals(3, Idx.read(file("good", GOOD)).dim(0));
        assertMessage(file("short", Arrays.copyOf(GOOD, GOOD.length - 1)), "truncated: the header declares uint8 3 x 2 x 2, 12 bytes of data, but the file holds 11");
        assertMessage(file("short.gz", gzip(Arrays.copyOf(GOOD, GOOD.length - 4))), "but the decompressed data holds 8");
        assertMessage(file("long", Arrays.copyOf(GOOD, GOOD.length + 2)), "2 unexpected bytes after");
        assertMessage(file("header", Arrays.copyOf(GOOD, 10)), "ends inside the IDX header");
        byte[] z = gzip(GOOD);
        assertMessage(file("cut.gz", Arrays.copyOf(z, z.length - 10)), "truncated: the gzip stream ends early");
        byte[] corrupt = z.clone();
        corrupt[12] ^= 0x5A;
        corrupt[13] ^= 0x5A;
        DataFileException e = assertThrows(DataFileException.class, () -> Idx.read(file("corrupt.gz", corrupt)));
        assertTrue(e.getMessage().startsWith(dir.resolve("corrupt.gz") + ": "), e.getMessage());
    }

    @Test
    void corruptHeadersAreRefused() throws IOException {
        byte[] magic = GOOD.clone();
        magic[0] = 7;
        assertMessage(file("magic", magic), "not an IDX file: it starts with bytes 07 00");
        byte[] type = GOOD.clone();
        type[2] = 0x0A;
        assertMessage(file("type", type), "unknown type code 0x0a");
        byte[] rank = GOOD.clone();
        rank[3] = 0;
        assertMessage(file("rank", rank), "zero dimensions");
        byte[] negative = GOOD.clone();
        negative[4] = (byte) 0x80;
        assertMessage(file("negative", negative), "corrupt IDX header");
        assertMessage(file("tiny", new byte[] {0, 0}), "holds only 2 bytes");
        assertMessage(file("npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}), "not an IDX file");
    }
}
