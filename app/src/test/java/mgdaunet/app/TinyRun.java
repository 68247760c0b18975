package mgdaunet.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One tiny two-epoch training run shared by the test classes of this JVM (training is the slow
 * part), made on first use in a temporary folder that is deleted when the JVM exits. Tests read
 * its files and must not change them.
 */
final class TinyRun {
    private static Path folder;
    private static Cli.Run run;

    private TinyRun() {}

    /** The run folder. */
    static synchronized Path folder() {
        if (folder == null) {
            try {
                Path root = Files.createTempDirectory("mgda-unet-tiny-run");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
                Path f = root.resolve("run");
                run = Cli.trainTiny("--epochs", "2", "--out", f.toString()).assertOk();
                folder = f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** What the training printed. */
    static Cli.Run output() {
        folder();
        return run;
    }

    static Path checkpoint(String name) {
        return folder().resolve("checkpoints").resolve(name + ".safetensors");
    }

    private static void delete(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }
}
