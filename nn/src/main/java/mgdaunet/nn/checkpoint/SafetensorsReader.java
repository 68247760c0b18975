package mgdaunet.nn.checkpoint;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import mgdaunet.tensor.Tensor;

/**
 * Reads a safetensors file into float32 tensors. F32 is read as is; F16, BF16 and F64 (as PyTorch
 * may export) are converted; the integer types I64, I32, I16, I8, U8 and BOOL (PyTorch's int64
 * {@code num_batches_tracked}) are converted when every value is exactly a float32, and refused
 * with a message naming the tensor and the value otherwise; any other element type is refused with
 * a message naming the tensor.
 *
 * <p>Every structural problem (too short, a header length past the end, a header that is not a JSON
 * object, byte ranges that overlap, leave gaps, disagree with the shape or reach past the end of
 * the file) is a {@link CheckpointException} whose one-line message names the file and the problem.
 */
public final class SafetensorsReader {
    private static final int LENGTH_BYTES = 8;

    private SafetensorsReader() {}

    public static Checkpoint read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < LENGTH_BYTES) {
                throw new CheckpointException(file, "truncated: " + size + " bytes, too short for the 8-byte header length");
            }
            long headerLength = readBytes(file, ch, 0, LENGTH_BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 0 || headerLength > SafetensorsHeader.MAX_HEADER_BYTES) {
                throw new CheckpointException(file, "corrupt header: header length " + Long.toUnsignedString(headerLength)
                        + " is beyond the " + SafetensorsHeader.MAX_HEADER_BYTES + "-byte limit (not a safetensors file?)");
            }
            if (headerLength > size - LENGTH_BYTES) {
                throw new CheckpointException(file, "truncated or corrupt: header length " + headerLength + " runs past the end of the file ("
                        + size + " bytes)");
            }
            ByteBuffer headerBuf = readBytes(file, ch, LENGTH_BYTES, (int) headerLength);
            byte[] headerBytes = new byte[(int) headerLength];
            headerBuf.get(headerBytes);
            long dataStart = LENGTH_BYTES + headerLength;
            SafetensorsHeader header = SafetensorsHeader.parse(file, headerBytes, size - dataStart);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafetensorsHeader.Entry e : header.entries) {
                int bytes = (int) (e.end() - e.begin());
                float[] values = new float[bytes / e.dtype().size];
                try {
                    if (bytes > 0) e.dtype().decode(readBytes(file, ch, dataStart + e.begin(), bytes), values);
                } catch (DType.InexactException x) {
                    throw new CheckpointException(file, "tensor '" + e.name() + "' (" + e.dtype() + ") holds " + x.value + " at index "
                            + x.index + ", which float32 cannot represent exactly");
                }
                tensors.put(e.name(), Tensor.wrap(values, e.shape()));
            }
            return new Checkpoint(file, tensors, header.metadata);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(file, "no such file", e);
        }
    }

    /** {@code length} bytes at {@code position}, flipped for reading. */
    private static ByteBuffer readBytes(Path file, FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                // The size was checked first, so only a file shrinking under us gets here.
                throw new CheckpointException(file, "truncated while reading bytes [" + position + ", " + (position + length) + ")",
                        new EOFException());
            }
        }
        return buf.flip();
    }
}
