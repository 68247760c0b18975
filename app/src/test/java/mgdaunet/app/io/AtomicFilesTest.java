package mgdaunet.app.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one atomic writer of the CLI; the data and report packages wrap its failures into their one-line errors. */
class AtomicFilesTest {
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
        AtomicFiles.writeString(f, "old");
        AtomicFiles.writeString(f, "new");
        assertEquals("new", Files.readString(f));
        assertEquals(List.of("summary.json"), listing());
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndNamesTheTarget() throws IOException {
        Path f = dir.resolve("summary.json");
        AtomicFiles.writeString(f, "old");
        var e = assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals("no space left on device", IoErrors.reason(f, e));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("summary.json"), listing());
    }

    @Test
    void aBugWhileWritingKeepsTheOldFileToo() throws IOException {
        Path f = dir.resolve("config.json");
        AtomicFiles.writeString(f, "old");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("config.json"), listing());
    }

    @Test
    void anOutputFolderThatIsAFileIsAClearError() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("run"), "x");
        Path target = notAFolder.resolve("summary.json");
        var e = assertThrows(IOException.class, () -> AtomicFiles.writeString(target, "{}"));
        assertTrue(IoErrors.reason(target, e).contains("not a directory"), IoErrors.reason(target, e));
        Path absent = dir.resolve("absent/summary.json");
        var missing = assertThrows(IOException.class, () -> AtomicFiles.writeString(absent, "{}"));
        assertEquals("no such file or folder", IoErrors.reason(absent, missing));
    }

    @Test
    void aFullDiskFailsTheWriteAndTheReportSaysSo() throws IOException {
        // A temporary file cannot live on /dev/full, but the reason text is the one a full disk gives.
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(Path.of("/dev/full")), "needs Linux's /dev/full");
        var e = assertThrows(IOException.class, () -> Files.write(Path.of("/dev/full"), new byte[1]));
        assertEquals("no space left on device", IoErrors.reason(Path.of("/dev/full"), e));
        Path f = dir.resolve("metrics.csv");
        var wrapped = mgdaunet.app.report.ReportFileException.of(f, "cannot append", e);
        assertEquals(f + ": cannot append: no space left on device", wrapped.getMessage());
        var data = mgdaunet.app.data.DataFileException.of(f, "cannot write", e);
        assertEquals(f + ": cannot write: no space left on device", data.getMessage());
    }
}
