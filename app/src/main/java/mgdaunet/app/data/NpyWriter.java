package mgdaunet.app.data;

import mgdaunet.app.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes a NumPy {@code .npy} file (C order) element by element, so that arrays larger than memory
 * can be streamed out. The file appears under its name only when {@link #close()} finds every
 * element written: an interrupted write leaves any earlier file of that name intact.
 */
public final class NpyWriter implements AutoCloseable {
    private static final int CHUNK = 1 << 20;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final DType dtype;
    private final ByteBuffer chunk;
    private final long numel;
    private long written;
    private boolean closed;

    private NpyWriter(Path target, Path temp, FileChannel channel, DType dtype, ByteOrder order, long numel) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.dtype = dtype;
        this.chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(8, numel * dtype.itemSize()))).order(order);
        this.numel = numel;
    }

    /** A writer for an array of the given type and shape, in the oldest format version that holds its header. */
    public static NpyWriter create(Path file, DType dtype, ByteOrder order, int... shape) {
        return create(file, dtype, order, shape, 0);
    }

    /** As {@link #create(Path, DType, ByteOrder, int...)} in format version 1, 2 or 3 (0 picks the oldest that fits). */
    public static NpyWriter create(Path file, DType dtype, ByteOrder order, int[] shape, int version) {
        if (version < 0 || version > 3) throw new IllegalArgumentException("npy: format version " + version + " does not exist (1, 2 or 3)");
        byte[] header;
        if (version == 0) {
            try {
                header = NpyHeader.encode(dtype, order, shape, 1);
            } catch (IllegalArgumentException tooLong) {
                header = NpyHeader.encode(dtype, order, shape, 2);
            }
        } else {
            header = NpyHeader.encode(dtype, order, shape, version);
        }
        long numel = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("npy: negative dimension in shape " + NdArray.shapeString(shape));
            numel *= d;
        }
        Path temp;
        try {
            temp = AtomicFiles.createTemp(file);
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot write", e);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            ByteBuffer h = ByteBuffer.wrap(header);
            while (h.hasRemaining()) ch.write(h);
            return new NpyWriter(file, temp, ch, dtype, order, numel);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            AtomicFiles.deleteQuietly(temp, e);
            throw DataFileException.of(file, "cannot write", e);
        }
    }

    /** Writes a whole array in its own type and byte order. */
    public static void write(Path file, NdArray array) {
        write(file, array, 0);
    }

    /** Writes a whole array in the given format version (0 picks the oldest that fits). */
    public static void write(Path file, NdArray array, int version) {
        try (NpyWriter w = create(file, array.dtype(), array.order(), array.shape(), version)) {
            w.writeRaw(array.rawBytes());
        }
    }

    /** Writes one element (integer types take whole numbers in their range only). */
    public void write(double v) {
        room();
        ElementCodec.putDouble(chunk, chunk.position(), dtype, v);
        advance();
    }

    /** Writes one integer element exactly. */
    public void writeLong(long v) {
        room();
        ElementCodec.putLong(chunk, chunk.position(), dtype, v);
        advance();
    }

    public void write(double[] values, int off, int n) {
        for (int i = off; i < off + n; i++) write(values[i]);
    }

    public void writeFloats(float[] values, int off, int n) {
        for (int i = off; i < off + n; i++) write(values[i]);
    }

    public void writeInts(int[] values, int off, int n) {
        if (dtype == DType.UINT8) {
            for (int i = off; i < off + n; i++) {
                int v = values[i];
                if ((v & ~0xFF) != 0) throw new IllegalArgumentException("value " + v + " does not fit uint8 [0, 255]");
                room();
                chunk.put((byte) v);
                written++;
            }
            return;
        }
        for (int i = off; i < off + n; i++) writeLong(values[i]);
    }

    private void writeRaw(byte[] bytes) {
        if (bytes.length != numel * dtype.itemSize()) throw new IllegalArgumentException("npy: " + bytes.length + " bytes for " + numel + " elements");
        flush();
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) channel.write(b);
        } catch (IOException e) {
            throw fail(e);
        }
        written = numel;
    }

    private void room() {
        if (written >= numel) throw new IllegalStateException("npy: more than the " + numel + " elements of the shape written to " + target);
        if (chunk.remaining() < dtype.itemSize()) flush();
    }

    private void advance() {
        chunk.position(chunk.position() + dtype.itemSize());
        written++;
    }

    private void flush() {
        chunk.flip();
        try {
            while (chunk.hasRemaining()) channel.write(chunk);
        } catch (IOException e) {
            throw fail(e);
        } finally {
            chunk.clear();
        }
    }

    private DataFileException fail(IOException e) {
        abandon();
        return DataFileException.of(target, "cannot write", e);
    }

    private void abandon() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temporary file is deleted next
        }
        AtomicFiles.deleteQuietly(temp, null);
    }

    /** Finishes the file; if fewer elements than the shape holds were written, the file is discarded and this throws. */
    @Override
    public void close() {
        if (closed) return;
        if (written != numel) {
            abandon();
            throw new IllegalStateException("npy: only " + written + " of " + numel + " elements written to " + target + "; file discarded");
        }
        flush();
        closed = true;
        try {
            channel.close();
            AtomicFiles.commit(temp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(temp, e);
            throw DataFileException.of(target, "cannot write", e);
        }
    }
}
