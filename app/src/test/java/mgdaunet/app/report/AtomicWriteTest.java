package mgdaunet.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesTheFileAndLeavesNoTemporary() throws IOException {
        Path f = dir.resolve("summary.json");
        AtomicWrite.writeString(f, "old");
        AtomicWrite.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals(List.of("summary.json"), listing());
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndNamesTheTarget() throws IOException {
        Path f = dir.resolve("summary.json");
        AtomicWrite.writeString(f, "old");
        var e = assertThrows(ReportFileException.class, () -> AtomicWrite.write(f, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals(f + ": cannot write: no space left on device", e.getMessage());
        assertEquals(f, e.file());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("summary.json"), listing());
    }

    @Test
    void aBugWhileWritingKeepsTheOldFileToo() throws IOException {
        Path f = dir.resolve("config.json");
        AtomicWrite.writeString(f, "old");
        assertThrows(IllegalStateException.class, () -> AtomicWrite.write(f, out -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("config.json"), listing());
    }

    @Test
    void anOutputFolderThatIsAFileIsAClearError() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("run"), "x");
        var e = assertThrows(ReportFileException.class, () -> AtomicWrite.writeString(notAFolder.resolve("summary.json"), "{}"));
        assertTrue(e.getMessage().startsWith(notAFolder.resolve("summary.json") + ": cannot write: "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("not a directory"), e.getMessage());
        var missing = assertThrows(ReportFileException.class, () -> AtomicWrite.writeString(dir.resolve("absent/summary.json"), "{}"));
        assertTrue(missing.getMessage().contains("no such file or folder"), missing.getMessage());
    }
}
