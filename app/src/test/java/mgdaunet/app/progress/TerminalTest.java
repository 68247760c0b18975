package mgdaunet.app.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
    private static final PrintStream UTF8 = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void aTerminalGetsTheBarAndColour() {
        Terminal t = Terminal.detect(UTF8, false, true, Map.of("TERM", "xterm-256color"));
        assertEquals(Terminal.Mode.BAR, t.mode());
        assertTrue(t.colour());
        assertTrue(t.unicode());
        assertEquals(80, t.width());
    }

    @Test
    void pipesFlagsAndDumbTerminalsGetPlainLines() {
        assertEquals(Terminal.Mode.LINES, Terminal.detect(UTF8, false, false, Map.of()).mode());
        Terminal flagged = Terminal.detect(UTF8, true, true, Map.of());
        assertEquals(Terminal.Mode.LINES, flagged.mode());
        assertFalse(flagged.colour());
        assertEquals(Terminal.Mode.LINES, Terminal.detect(UTF8, false, true, Map.of("TERM", "dumb")).mode());
        assertEquals(Terminal.Mode.QUIET, flagged.quiet().mode());
    }

    @Test
    void noColorKeepsTheBarButDropsColour() {
        Terminal t = Terminal.detect(UTF8, false, true, Map.of("NO_COLOR", "1"));
        assertEquals(Terminal.Mode.BAR, t.mode());
        assertFalse(t.colour());
        assertEquals("text", t.style("32", "text"));
        assertTrue(Terminal.detect(UTF8, false, true, Map.of("NO_COLOR", "")).colour(), "no-color.org: only a non-empty value counts");
    }

    @Test
    void columnsAndEncoding() {
        assertEquals(132, Terminal.detect(UTF8, false, true, Map.of("COLUMNS", "132")).width());
        assertEquals(80, Terminal.detect(UTF8, false, true, Map.of("COLUMNS", "wide")).width());
        assertEquals(40, Terminal.detect(UTF8, false, true, Map.of("COLUMNS", "10")).width());
        PrintStream ascii = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.US_ASCII);
        assertFalse(Terminal.detect(ascii, false, true, Map.of()).unicode());
    }
}
