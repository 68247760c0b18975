package mgdaunet.app.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader, or a run resumed after a crash, sees the old file or the complete
 * new one, never a part: the content goes to a hidden temporary sibling ({@code .name.<random>.tmp}),
 * is forced to disk, and is renamed over the target (atomic within a file system); the folder is
 * then synced so that the rename survives a crash too. On any failure (a full disk, an unwritable
 * folder, a bug in the content) the temporary file is removed and the old file is untouched.
 *
 * <p>Every file the CLI replaces goes through here: configuration and summaries, plots and pictures,
 * NPY and IDX files. Failures are plain {@link IOException}s; each package turns them into its own
 * one-line error naming the file ({@code DataFileException}, {@code ReportFileException}) with
 * {@link IoErrors#reason}.
 */
public final class AtomicFiles {
    /** Writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Writes whatever {@code content} produces. */
    public static void write(Path target, Content content) throws IOException {
        Path tmp = createTemp(target);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                content.writeTo(out);
                out.flush();
                ch.force(true); // the data is on disk before the rename makes it visible
            }
            commit(tmp, target);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(tmp, e);
            throw e;
        }
    }

    /**
     * A new empty hidden sibling of {@code target}, for a writer that streams into it itself (a
     * 295 MB mask file) and then calls {@link #commit} (or {@link #deleteQuietly} on failure).
     */
    public static Path createTemp(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + absolute.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // createFile, not createTempFile (owner-only): the finished file gets the usual permissions
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) throw e;
            }
        }
    }

    /** Forces a finished temporary file to disk and moves it over the target; syncs the folder. */
    public static void commit(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path absolute = target.toAbsolutePath();
        try {
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(absolute.getParent());
    }

    /** Removes a temporary file; a failure to do so is added to {@code failure} (the temporary file is hidden, nothing is lost). */
    public static void deleteQuietly(Path tmp, Throwable failure) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException suppressed) {
            if (failure != null) failure.addSuppressed(suppressed);
        }
    }

    /** Makes a rename durable; best effort, as some platforms cannot open a folder. */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // The file itself is complete on disk; only the rename's durability is at stake.
        }
    }
}
