package mgdaunet.app.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/** One-line reasons for I/O failures, in the words of the error messages ("no space left on device"), without Java class names. */
public final class IoErrors {
    private IoErrors() {}

    /**
     * Why {@code e} happened while working on {@code file}, in lower case; another file the
     * exception names (a missing parent folder, a file in the way) is added in parentheses,
     * a temporary sibling of {@code file} is not.
     */
    public static String reason(Path file, IOException e) {
        String why = switch (e) {
            case NoSuchFileException n -> "no such file or folder" + other(file, n);
            case AccessDeniedException a -> "permission denied" + other(file, a);
            case NotDirectoryException n -> "not a folder: " + n.getFile();
            case FileSystemException f when f.getReason() != null -> f.getReason() + other(file, f);
            default -> e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        };
        // The JDK reports ENOSPC, EFBIG and EROFS with the C library's strings; keep them, in lower case.
        return why.isEmpty() ? why : Character.toLowerCase(why.charAt(0)) + why.substring(1);
    }

    private static String other(Path file, FileSystemException e) {
        String f = e.getFile();
        if (f == null || file != null && (Path.of(f).equals(file) || Path.of(f).equals(file.toAbsolutePath()))) return "";
        return Path.of(f).getFileName() != null && Path.of(f).getFileName().toString().endsWith(".tmp") ? "" : " (" + f + ")";
    }
}
