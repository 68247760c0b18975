package mgdaunet.app.progress;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 {@link PrintStream} over a {@link Writer}: the commands print through picocli's writers
 * (which tests replace), while the progress and summary printers take a stream. Bytes are decoded
 * as they come, a character split between two writes is completed by the next one.
 */
public final class WriterStream extends OutputStream {
    private final Writer writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    private WriterStream(Writer writer) {
        this.writer = writer;
    }

    /** A stream that prints into {@code writer}, flushing it whenever the stream is flushed (and at each line). */
    public static PrintStream printStream(Writer writer) {
        return new PrintStream(new WriterStream(writer), true, StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) throws java.io.IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
        if (pending.remaining() < len) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + len));
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(b, off, len);
        drain();
    }

    private void drain() throws java.io.IOException {
        pending.flip();
        while (true) {
            chars.clear();
            var result = decoder.decode(pending, chars, false);
            chars.flip();
            writer.append(chars);
            if (!result.isOverflow()) break;
        }
        pending.compact(); // an incomplete character stays for the next write
    }

    @Override
    public void flush() throws java.io.IOException {
        writer.flush();
    }
}
