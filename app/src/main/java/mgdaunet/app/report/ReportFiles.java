package mgdaunet.app.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import mgdaunet.app.io.AtomicFiles;

/** The run folder's files are replaced atomically ({@link AtomicFiles}); a failure is a {@link ReportFileException} naming the file. */
public final class ReportFiles {
    private ReportFiles() {}

    public static void write(Path file, AtomicFiles.Content content) throws ReportFileException {
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw ReportFileException.of(file, "cannot write", e);
        }
    }

    /** Writes {@code text} as UTF-8. */
    public static void write(Path file, String text) throws ReportFileException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }
}
