package mgdaunet.app.report;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A report file (metrics, summary, configuration, plot) that cannot be written or read, as one line
 * naming the file: {@code "runs/a/metrics.csv: cannot write: no space left on device"}. The train
 * command turns it into a one-line user error; earlier report files stay intact.
 */
public final class ReportFileException extends IOException {
    private final transient Path file;

    public ReportFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public ReportFileException(Path file, String problem) {
        this(file, problem, null);
    }

    /** The file the problem is about. */
    public Path file() {
        return file;
    }

    /** Wraps an I/O failure while doing {@code action} ("cannot write", "cannot read") on {@code file}. */
    public static ReportFileException of(Path file, String action, IOException e) {
        if (e instanceof ReportFileException r) return r;
        return new ReportFileException(file, action + ": " + reason(e), e);
    }

    /** A short lower-case reason for an I/O failure, without the Java class names. */
    static String reason(IOException e) {
        String why = switch (e) {
            case NoSuchFileException n -> "no such file or folder" + other(n);
            case AccessDeniedException a -> "permission denied" + other(a);
            case NotDirectoryException n -> "not a folder: " + n.getFile();
            case FileSystemException f when f.getReason() != null -> f.getReason() + other(f);
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        // The JDK reports ENOSPC and EROFS with their C strings; keep them, in lower case.
        return why.isEmpty() ? why : Character.toLowerCase(why.charAt(0)) + why.substring(1);
    }

    private static String other(FileSystemException e) {
        return e.getFile() == null ? "" : " (" + e.getFile() + ")";
    }
}
