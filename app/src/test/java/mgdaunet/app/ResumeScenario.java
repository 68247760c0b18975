package mgdaunet.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link ResumeTest} in a JVM of its own with the scalar kernels: a tiny two-epoch run
 * uninterrupted, and the same run stopped twice (after step 1 of 2 of epoch 1, then after its
 * last step, which lets the epoch end) and
 * resumed each time. Each run's exit code and output go to {@code <dir>/<name>.code|out|err}.
 */
final class ResumeScenario {
    private ResumeScenario() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        String reference = dir.resolve("reference").toString(), resumed = dir.resolve("resumed").toString();
        save(dir, "reference", Cli.trainTiny("--epochs", "2", "--out", reference));
        save(dir, "stop1", Cli.trainTiny("--epochs", "2", "--out", resumed, "--stop-after-steps", "1"));
        save(dir, "stop2", Cli.run("train", "--resume", resumed, "--stop-after-steps", "1", "--no-progress"));
        save(dir, "final", Cli.run("train", "--resume", resumed, "--no-progress"));
    }

    private static void save(Path dir, String name, Cli.Run r) throws IOException {
        Files.writeString(dir.resolve(name + ".code"), Integer.toString(r.code()));
        Files.writeString(dir.resolve(name + ".out"), r.out());
        Files.writeString(dir.resolve(name + ".err"), r.err());
    }
}
