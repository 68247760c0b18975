package mgdaunet.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a file can be broken gives a one-line message naming the file and the problem. */
class CorruptCheckpointTest {
    @TempDir
    Path dir;

    private static final String W = "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    /** A file with the given header text (length field set to match) and {@code dataBytes} zero bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return write(b.array());
    }

    private Path write(byte[] bytes) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        Files.write(f, bytes);
        return f;
    }

    private static void assertRefused(Path f, String fragment) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(f));
        String m = e.getMessage();
        assertTrue(m.startsWith("checkpoint " + f + ": "), m);
        assertTrue(m.contains(fragment), "expected '" + fragment + "' in: " + m);
        assertFalse(m.contains("\n"), "one line: " + m);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json               | {w:1}                                                         | 8  | not valid JSON",
        "array, not object      | []                                                            | 0  | not a JSON object",
        "text after the object  | `{} x`                                                        | 0  | not valid JSON",
        "second object          | {}{}                                                          | 0  | not valid JSON",
        "cut-off JSON           | `{\"w\":{\"dtype\":\"F32\",`                                  | 8  | not valid JSON",
        "duplicate name         | `{" + W + "," + W + "}`                                       | 8  | 'w' appears twice",
        "entry not an object    | `{\"w\":3}`                                                   | 0  | entry 'w' is not an object",
        "no dtype               | `{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}`              | 8  | entry 'w' has no dtype",
        "no shape               | `{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}`          | 8  | entry 'w' has no shape",
        "no offsets             | `{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}`                   | 8  | entry 'w' has no data_offsets",
        "negative dimension     | `{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}`   | 8 | shape of 'w' holds negative -2",
        "fractional dimension   | `{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}`  | 8 | not valid JSON",
        "shape not an array     | `{\"w\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}`      | 8 | shape of 'w' is not an array",
        "three offsets          | `{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}`  | 8 | has 3 numbers, not 2",
        "offsets backwards      | `{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}`    | 8 | run backwards",
        "span mismatches shape  | `{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}`    | 8 | needs 12 bytes but data_offsets [0, 8] span 8",
        "unsupported dtype      | `{\"w\":{\"dtype\":\"U16\",\"shape\":[1],\"data_offsets\":[0,2]}}`    | 2 | 'w' has dtype U16, which cannot be read (only F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL are)",
        "dtype not a string     | `{\"w\":{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}}`          | 4 | dtype of 'w' is not a string",
        "metadata not strings   | `{\"__metadata__\":{\"epoch\":3}}`                                    | 0 | metadata 'epoch' is not a string",
        "metadata not an object | `{\"__metadata__\":[]}`                                               | 0 | __metadata__ is not an object",
        "offsets past the data  | `{" + W + "}`                                                 | 4  | data_offsets [0, 8] reach past the 4 bytes of data",
        "extra data             | `{" + W + "}`                                                 | 12 | tensors cover 8 bytes but the file holds 12 bytes of data",
        "gap between tensors    | `{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}` | 12 | data bytes [4, 8) belong to no tensor",
        "overlapping tensors    | `{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}` | 12 | 'b' [4, 12) overlaps 'a' [0, 8)",
        "too large to hold      | `{\"w\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}` | 0 | too large for one float array",
    })
    void corruptHeader(String what, String header, int dataBytes, String fragment) throws IOException {
        assertRefused(file(header, dataBytes), fragment);
    }

    @Test
    void emptyAndTooShortFiles() throws IOException {
        assertRefused(write(new byte[0]), "truncated: 0 bytes, too short for the 8-byte header length");
        assertRefused(write(new byte[5]), "truncated: 5 bytes");
    }

    @Test
    void headerLengthPastTheEnd() throws IOException {
        byte[] bytes = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(100).put("{}".getBytes(StandardCharsets.UTF_8)).array();
        assertRefused(write(bytes), "header length 100 runs past the end of the file (20 bytes)");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        byte[] bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        assertRefused(write(bytes), "header length 18446744073709551615 is beyond the 100000000-byte limit");
        bytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array();
        assertRefused(write(bytes), "beyond the 100000000-byte limit");
    }

    @Test
    void invalidUtf8InHeader() throws IOException {
        byte[] h = {'{', '"', (byte) 0xC3, '"', ':', '1', '}', ' '};
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(8).put(h);
        assertRefused(write(b.array()), "not valid UTF-8");
    }

    @Test
    void everyTruncationOfAGoodFileIsRefused() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafetensorsWriter.write(good, Map.of("a", Tensor.ones(3, 2), "b", Tensor.full(2f, 5)), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(good);
        for (int cut = 0; cut < bytes.length; cut++) {
            Path f = write(Arrays.copyOf(bytes, cut));
            CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(f), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), "cut at " + cut + ": " + e.getMessage());
        }
        assertEquals(2, SafetensorsReader.read(good).tensors().size());
    }
}
