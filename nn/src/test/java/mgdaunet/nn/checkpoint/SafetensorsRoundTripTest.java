package mgdaunet.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void bytesEqualPythonSafetensors() throws IOException {
        // Produced by safetensors 0.8.0: safetensors.numpy.save_file({'w': [[1,2,3],[4,5,6]], 'b': [0.5],
        // 's': -2.0 (rank 0)}, metadata={'format': 'pt'}), all float32; hex of the whole file.
        String python = "c8000000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a227074227d2c2262223a7b22"
                + "6474797065223a22463332222c227368617065223a5b315d2c22646174615f6f666673657473223a5b302c345d7d2c2273"
                + "223a7b226474797065223a22463332222c227368617065223a5b5d2c22646174615f6f666673657473223a5b342c385d7d"
                + "2c2277223a7b226474797065223a22463332222c227368617065223a5b322c335d2c22646174615f6f6666736574732"
                + "23a5b382c33325d7d7d202020202020200000003f000000c00000803f0000004000004040000080400000a0400000c040";
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("w", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        tensors.put("s", Tensor.scalar(-2f));
        tensors.put("b", Tensor.of(new float[] {0.5f}, 1));
        Path f = dir.resolve("g.safetensors");
        SafetensorsWriter.write(f, tensors, Map.of("format", "pt"));
        assertEquals(python, HexFormat.of().formatHex(Files.readAllBytes(f)));
    }

    @Test
    void roundTripKeepsShapesValuesAndMetadata() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("enc.0.conv1.weight", Tensor.normal(Tensor.rng(1), 0f, 1f, 16, 1, 3, 3));
        tensors.put("scalar", Tensor.scalar(Float.MIN_VALUE));
        tensors.put("empty", Tensor.zeros(0, 3));
        tensors.put("one", Tensor.of(new float[] {Float.NaN}, 1));
        tensors.put("odd", Tensor.of(new float[] {-0f, Float.POSITIVE_INFINITY, 1e-38f, 3.5f, -7f}, 5));
        // larger than one 64 KiB write chunk, with a tail
        tensors.put("big", Tensor.uniform(Tensor.rng(2), -1f, 1f, 16384 + 7));
        Map<String, String> meta = Map.of("epoch", "12", "note", "quotes \" back\\slash \n newline, unicode \u00e9 \ud83d\ude00");
        Path f = dir.resolve("rt.safetensors");
        SafetensorsWriter.write(f, tensors, meta);

        Checkpoint c = SafetensorsReader.read(f);
        assertEquals(tensors.keySet(), c.tensors().keySet());
        for (var e : tensors.entrySet()) {
            Tensor got = c.tensor(e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(Float.floatToRawIntBits(e.getValue().data()[i]), Float.floatToRawIntBits(got.data()[i]), e.getKey() + "[" + i + "]");
            }
        }
        assertEquals(meta, c.metadata());
        assertEquals(f, c.source());
    }

    @Test
    void headerIsPaddedToEightAndTensorsSortedByUtf8Bytes() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        // UTF-16 order would put the emoji (a surrogate pair, 0xD83D...) before U+FF5E; UTF-8 byte order does not.
        tensors.put("\ud83d\ude00", Tensor.ones(1));
        tensors.put("\uff5e", Tensor.ones(1));
        tensors.put("w", Tensor.ones(2));
        tensors.put("W", Tensor.ones(1));
        Path f = dir.resolve("order.safetensors");
        SafetensorsWriter.write(f, tensors);
        byte[] bytes = Files.readAllBytes(f);
        long n = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 5 * 4, bytes.length);
        String header = new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"W\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"w\":"), header);
        assertTrue(header.indexOf('\uff5e') < header.indexOf("\ud83d\ude00"), header);
        assertFalse(header.contains("__metadata__"), "no metadata written when there is none");
        assertEquals(List.of("W", "w", "\uff5e", "\ud83d\ude00"), List.copyOf(SafetensorsReader.read(f).tensors().keySet()));
    }

    @Test
    void emptyCheckpoint() throws IOException {
        Path f = dir.resolve("empty.safetensors");
        SafetensorsWriter.write(f, Map.of());
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '}, Files.readAllBytes(f));
        Checkpoint c = SafetensorsReader.read(f);
        assertTrue(c.tensors().isEmpty());
        assertTrue(c.metadata().isEmpty());
    }

    @Test
    void overwritingReplacesTheFileAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        SafetensorsWriter.write(f, Map.of("a", Tensor.ones(3)));
        SafetensorsWriter.write(f, Map.of("b", Tensor.full(2f, 2)));
        Checkpoint c = SafetensorsReader.read(f);
        assertEquals(List.of("b"), List.copyOf(c.tensors().keySet()));
        assertEquals(Tensor.full(2f, 2), c.tensor("b"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("ckpt.safetensors");
        SafetensorsWriter.write(f, Map.of("a", Tensor.ones(3)));
        byte[] before = Files.readAllBytes(f);
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, ch -> {
            ch.write(java.nio.ByteBuffer.wrap(new byte[100]));
            throw new IOException("disk full (simulated)");
        }));
        assertEquals("disk full (simulated)", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(f));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(f), files.toList());
        }
    }

    @Test
    void writerRefusesReservedAndNullNames() {
        Path f = dir.resolve("x.safetensors");
        var e = assertThrows(IllegalArgumentException.class, () -> SafetensorsWriter.write(f, Map.of("__metadata__", Tensor.ones(1))));
        assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        Map<String, Tensor> withNull = new LinkedHashMap<>();
        withNull.put("w", null);
        var n = assertThrows(NullPointerException.class, () -> SafetensorsWriter.write(f, withNull));
        assertTrue(n.getMessage().contains("'w'"), n.getMessage());
        assertFalse(Files.exists(f));
    }

    @Test
    void missingFileIsACheckpointException() {
        Path f = dir.resolve("absent.safetensors");
        var e = assertThrows(CheckpointException.class, () -> SafetensorsReader.read(f));
        assertEquals("checkpoint " + f + ": no such file", e.getMessage());
        assertEquals(f, e.file());
    }
}
