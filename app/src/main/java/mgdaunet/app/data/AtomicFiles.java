package mgdaunet.app.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader never sees half of one: the bytes go to a temporary sibling that is
 * moved over the target only when complete. A failure (full disk, a crash) leaves any previous
 * version of the target untouched.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically; problems become a {@link DataFileException} naming it. */
    public static void write(Path target, Content content) {
        Path temp = createTemp(target);
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                content.writeTo(out);
            }
            commit(temp, target);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw ioProblem(target, "cannot write", e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    /** A new empty temporary file next to {@code target}, for a writer that streams into it and then calls {@link #commit}. */
    static Path createTemp(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        // Files.createFile (not createTempFile, which makes owner-only files): the finished file gets the usual permissions.
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
            try {
                return Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw ioProblem(target, "cannot write", e);
            } catch (IOException e) {
                throw ioProblem(target, "cannot write", e);
            }
        }
    }

    /** Moves a finished temporary file over the target. */
    static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the temporary file is hidden and named *.part; leaving it behind loses nothing
        }
    }

    /** A one-line error for an I/O failure on {@code file}: "FILE: cannot read: no such file". */
    public static DataFileException ioProblem(Path file, String action, IOException e) {
        String why = switch (e) {
            case NoSuchFileException n -> "no such file or folder" + otherFile(file, n);
            case AccessDeniedException a -> "permission denied" + otherFile(file, a);
            case NotDirectoryException n -> "not a folder: " + n.getFile();
            case FileSystemException f when f.getReason() != null -> f.getReason() + otherFile(file, f);
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        return new DataFileException(file.toString(), action + ": " + why, e);
    }

    private static String otherFile(Path file, FileSystemException e) {
        String f = e.getFile();
        return f == null || Path.of(f).equals(file) || Path.of(f).getFileName().toString().endsWith(".part") ? "" : " (" + f + ")";
    }
}
