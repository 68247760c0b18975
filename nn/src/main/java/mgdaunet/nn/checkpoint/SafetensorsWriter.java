package mgdaunet.nn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import mgdaunet.tensor.Tensor;

/**
 * Writes named float32 tensors and string metadata as a safetensors file: an 8-byte little-endian
 * header length, the JSON header, then each tensor's values as little-endian float32, in the order
 * Python's {@code safetensors} writer uses, so that the bytes equal the reference writer's. Tensors
 * named as integers are written as I64 (whole numbers, as PyTorch keeps counters such as batch-norm's
 * {@code num_batches_tracked}), before the float32 ones, as the reference writer orders them.
 *
 * <p>The file is written atomically (temporary file, fsync, rename): a crash leaves the previous
 * checkpoint or the new one, never half of one.
 */
public final class SafetensorsWriter {
    /** Bytes converted per write; large tensors go out in slices of this size. */
    private static final int CHUNK_BYTES = 1 << 16;

    private SafetensorsWriter() {}

    /** Writes {@code tensors} (any order: they are sorted as the reference writer sorts them) without metadata. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /** Writes {@code tensors} and the {@code __metadata__} map (string to string). */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, Set.of());
    }

    /**
     * Writes {@code tensors} and the metadata, the tensors named in {@code int64Names} as I64 (their
     * values must be whole numbers within the range of a long).
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, Set<String> int64Names)
            throws IOException {
        Map<String, Tensor> byName = new TreeMap<>(SafetensorsHeader.WRITE_ORDER);
        for (var e : tensors.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "safetensors write: null tensor name");
            if (name.equals(SafetensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("safetensors write " + file + ": '" + name + "' is reserved for metadata, not a tensor name");
            }
            byName.put(name, Objects.requireNonNull(e.getValue(), () -> "safetensors write " + file + ": tensor '" + name + "' is null"));
        }
        for (var e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("safetensors write " + file + ": metadata holds a null key or value (" + e.getKey() + ")");
            }
        }
        Map<String, DType> dtypes = new HashMap<>();
        for (String name : int64Names) {
            Tensor t = byName.get(name);
            if (t == null) throw new IllegalArgumentException("safetensors write " + file + ": I64 tensor '" + name + "' is not among the tensors");
            for (float v : t.data()) {
                if (v != Math.rint(v) || Math.abs(v) >= 0x1p63f) {
                    throw new IllegalArgumentException("safetensors write " + file + ": I64 tensor '" + name + "' holds " + v
                            + ", not a whole number in the range of a long");
                }
            }
            dtypes.put(name, DType.I64);
        }
        // The reference (Rust) writer lays tensors out by dtype, larger first (I64 before F32), then by name.
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        byName.forEach((k, v) -> {
            if (dtypes.containsKey(k)) ordered.put(k, v);
        });
        byName.forEach((k, v) -> {
            if (!dtypes.containsKey(k)) ordered.put(k, v);
        });
        Map<String, int[]> shapes = new LinkedHashMap<>();
        ordered.forEach((k, v) -> shapes.put(k, v.shape()));
        byte[] header = SafetensorsHeader.encode(shapes, dtypes, metadata);

        AtomicFile.write(file, ch -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length).flip();
            writeFully(ch, buf);
            writeFully(ch, ByteBuffer.wrap(header));
            for (var e : ordered.entrySet()) {
                if (dtypes.get(e.getKey()) == DType.I64) writeLongs(ch, e.getValue().data(), buf);
                else writeFloats(ch, e.getValue().data(), buf);
            }
        });
    }

    private static void writeLongs(FileChannel ch, float[] data, ByteBuffer buf) throws IOException {
        int perChunk = buf.capacity() / Long.BYTES;
        for (int from = 0; from < data.length; from += perChunk) {
            int n = Math.min(perChunk, data.length - from);
            buf.clear();
            DType.encodeI64(data, from, n, buf);
            buf.flip();
            writeFully(ch, buf);
        }
    }

    private static void writeFloats(FileChannel ch, float[] data, ByteBuffer buf) throws IOException {
        int perChunk = buf.capacity() / Float.BYTES;
        for (int from = 0; from < data.length; from += perChunk) {
            int n = Math.min(perChunk, data.length - from);
            buf.clear();
            FloatBuffer floats = buf.asFloatBuffer();
            floats.put(data, from, n);
            buf.limit(n * Float.BYTES);
            writeFully(ch, buf);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
