package mgdaunet.app.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a NumPy {@code .npy} file: the header is parsed and checked against the file's length when
 * the file is opened, so a truncated or padded file is refused before any element is read. Elements
 * are then read whole ({@link #readAll()}) or streamed in order ({@link #read(double[], int, int)}),
 * which keeps a multi-gigabyte one-hot mask out of memory.
 */
public final class NpyReader implements AutoCloseable {
    private static final int CHUNK = 1 << 20;
    private static final long MAX_HEADER = 1 << 24;

    private final Path file;
    private final FileChannel channel;
    private final NpyHeader header;
    private final ByteBuffer chunk;
    private long unread;
    private long position;

    private NpyReader(Path file, FileChannel channel, NpyHeader header) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(8, header.dataBytes()))).order(header.order()).limit(0);
        this.unread = header.numel();
        this.position = header.dataOffset();
    }

    /** Opens {@code file} and checks its header; a problem is a {@link DataFileException} naming the file. */
    public static NpyReader open(Path file) {
        if (Files.isDirectory(file)) throw new DataFileException(file.toString(), "is a folder, not a .npy file");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot read", e);
        }
        try {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate((int) Math.min(size, 12));
            readFully(ch, pre, 0, file);
            long dataOffset = NpyHeader.dataOffset(file.toString(), pre.flip(), size);
            if (dataOffset > MAX_HEADER) throw new DataFileException(file.toString(), "corrupt .npy header: it claims to be " + dataOffset + " bytes long");
            ByteBuffer head = ByteBuffer.allocate((int) dataOffset);
            readFully(ch, head, 0, file);
            return new NpyReader(file, ch, NpyHeader.parse(file.toString(), head.flip(), size));
        } catch (IOException e) {
            closeQuietly(ch);
            throw DataFileException.of(file, "cannot read", e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    /** Reads a whole file into memory. */
    public static NdArray read(Path file) {
        try (NpyReader r = open(file)) {
            return r.readAll();
        }
    }

    /** Reads only the header of {@code file} (still checked against the file's length). */
    public static NpyHeader readHeader(Path file) {
        try (NpyReader r = open(file)) {
            return r.header();
        }
    }

    public NpyHeader header() {
        return header;
    }

    public Path file() {
        return file;
    }

    /** Elements not read yet. */
    public long remaining() {
        return unread;
    }

    /** All elements as one array; only before any streamed read. */
    public NdArray readAll() {
        if (unread != header.numel()) throw new IllegalStateException("readAll: " + (header.numel() - unread) + " elements were already streamed");
        long bytes = header.dataBytes();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new DataFileException(file.toString(), header.describe() + " is " + bytes + " bytes, too large to load at once");
        }
        ByteBuffer data = ByteBuffer.allocate((int) bytes);
        try {
            readFully(channel, data, header.dataOffset(), file);
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot read", e);
        }
        unread = 0;
        return NdArray.wrap(header.dtype(), header.order(), header.shape(), data.array());
    }

    /** Reads the next {@code n} elements, in row-major order, into {@code dst[off..off+n)} as doubles. */
    public void read(double[] dst, int off, int n) {
        if (n > unread) throw new IllegalArgumentException("read: " + n + " elements asked, " + unread + " left in " + file);
        int item = header.dtype().itemSize();
        while (n > 0) {
            if (chunk.remaining() < item) refill();
            int k = Math.min(n, chunk.remaining() / item);
            ElementCodec.decode(chunk, header.dtype(), dst, off, k);
            off += k;
            n -= k;
            unread -= k;
        }
    }

    private void refill() {
        chunk.compact();
        try {
            int r = channel.read(chunk, position);
            if (r < 0) throw new DataFileException(file.toString(), "truncated: the file ended while " + unread + " elements were still expected (was it changed while being read?)");
            position += r;
        } catch (IOException e) {
            throw DataFileException.of(file, "cannot read", e);
        } finally {
            chunk.flip();
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long at, Path file) throws IOException {
        while (dst.hasRemaining()) {
            int r = ch.read(dst, at);
            if (r < 0) throw new DataFileException(file.toString(), "truncated: the file ended early (was it changed while being read?)");
            at += r;
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // a read-only channel has nothing to flush
        }
    }
}
