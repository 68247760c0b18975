package mgdaunet.app.report;

import java.io.IOException;
import java.nio.file.Path;
import mgdaunet.app.io.IoErrors;

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
        return new ReportFileException(file, action + ": " + IoErrors.reason(file, e), e);
    }
}
