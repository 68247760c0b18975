package mgdaunet.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integer tensors: read when every value is exactly a float32 (PyTorch's int64 num_batches_tracked,
 * int64 targets, uint8 and bool masks), refused with the value named otherwise; written as I64 on request.
 */
class IntegerTensorsTest {
    @TempDir
    Path dir;

    /** A one-tensor file of the given dtype and raw little-endian data. */
    private Path file(String dtype, int[] shape, byte[] data) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (int d : shape) dims.append(dims.isEmpty() ? "" : ",").append(d);
        String header = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + dims + "],\"data_offsets\":[0," + data.length + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path f = dir.resolve(dtype + ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    private static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) b.putLong(x);
        return b.array();
    }

    @Test
    void wholeNumbersThatFloatsHoldAreRead() throws IOException {
        // 2^24 + 2 is a float (even), 2^40 too, and so is -2^63.
        long[] values = {0, -7, 1 << 24, (1 << 24) + 2, 1L << 40, Long.MIN_VALUE};
        Tensor t = SafetensorsReader.read(file("I64", new int[] {6}, longs(values))).tensor("t");
        for (int i = 0; i < values.length; i++) assertEquals((float) values[i], t.data()[i], "value " + i);
        // The rank-0 counter of a PyTorch batch-norm.
        Tensor count = SafetensorsReader.read(file("I64", new int[] {}, longs(42))).tensor("t");
        assertEquals(0, count.rank());
        assertEquals(42f, count.item());

        ByteBuffer i32 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-5).putInt(1 << 20);
        assertArrayEquals(new float[] {-5, 1 << 20}, SafetensorsReader.read(file("I32", new int[] {2}, i32.array())).tensor("t").data());
        ByteBuffer i16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -300).putShort((short) 12);
        assertArrayEquals(new float[] {-300, 12}, SafetensorsReader.read(file("I16", new int[] {2}, i16.array())).tensor("t").data());
        assertArrayEquals(new float[] {-1, 127}, SafetensorsReader.read(file("I8", new int[] {2}, new byte[] {-1, 127})).tensor("t").data());
        assertArrayEquals(new float[] {255, 3}, SafetensorsReader.read(file("U8", new int[] {2}, new byte[] {-1, 3})).tensor("t").data());
        assertArrayEquals(new float[] {1, 0}, SafetensorsReader.read(file("BOOL", new int[] {2}, new byte[] {1, 0})).tensor("t").data());
    }

    @Test
    void valuesNoFloatHoldsAreRefusedByName() throws IOException {
        Path f = file("I64", new int[] {3}, longs(1, (1 << 24) + 1, 2));
        var e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(f));
        assertEquals("checkpoint " + f + ": tensor 't' (I64) holds 16777217 at index 1, which float32 cannot represent exactly", e.getMessage());
        // Long.MAX_VALUE rounds to 2^63, a float that is not a long: refused, not taken as 2^63.
        Path g = file("I64", new int[] {1}, longs(Long.MAX_VALUE));
        assertThrows(CheckpointException.class, () -> SafetensorsReader.read(g));
        Path h = file("I32", new int[] {1}, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(Integer.MAX_VALUE).array());
        assertThrows(CheckpointException.class, () -> SafetensorsReader.read(h));
    }

    @Test
    void countersAreWrittenAsI64FirstAndReadBack() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("bn.weight", Tensor.of(new float[] {1.5f, -2f}, 2));
        state.put("bn.num_batches_tracked", Tensor.scalar(123456f));
        state.put("a.first", Tensor.of(new float[] {3f}, 1));
        Path f = dir.resolve("model.safetensors");
        SafetensorsWriter.write(f, state, Map.of(), Set.of("bn.num_batches_tracked"));
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertEquals("{\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"a.first\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"bn.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", header);
        assertEquals(123456L, ByteBuffer.wrap(bytes, 8 + (int) n, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
        Checkpoint c = SafetensorsReader.read(f);
        assertEquals(123456f, c.tensor("bn.num_batches_tracked").item());
        assertArrayEquals(new float[] {1.5f, -2f}, c.tensor("bn.weight").data());
    }

    @Test
    void theWriterRefusesFractionsAndUnknownNamesAsI64() {
        Path f = dir.resolve("x.safetensors");
        var e = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(f, Map.of("c", Tensor.scalar(1.5f)), Map.of(), Set.of("c")));
        assertTrue(e.getMessage().contains("I64 tensor 'c' holds 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SafetensorsWriter.write(f, Map.of("c", Tensor.scalar(1f)), Map.of(), Set.of("d")));
        assertTrue(e.getMessage().contains("'d' is not among the tensors"), e.getMessage());
        assertFalse(Files.exists(f));
    }
}
