package mgdaunet.app.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WriterStreamTest {
    @Test
    void textArrivesInTheWriterEvenWhenACharacterIsSplitBetweenWrites() {
        StringWriter w = new StringWriter();
        PrintStream out = WriterStream.printStream(w);
        out.println("epoch 1 \u2588\u2591 done");
        byte[] block = "\u2588x".getBytes(StandardCharsets.UTF_8); // three bytes, then one
        out.write(block, 0, 1);
        out.write(block, 1, 1);
        out.write(block, 2, 2);
        out.flush();
        assertEquals("epoch 1 \u2588\u2591 done" + System.lineSeparator() + "\u2588x", w.toString());
    }

    @Test
    void longTextGrowsTheBuffer() {
        StringWriter w = new StringWriter();
        PrintStream out = WriterStream.printStream(w);
        String s = "\u00e9".repeat(20_000);
        out.print(s);
        out.flush();
        assertEquals(s, w.toString());
    }
}
