package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import mgdaunet.app.report.CsvLog;
import mgdaunet.app.report.RunSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What needs a JVM of its own: a real signal in the middle of training, and a disk that refuses
 * to take a file (a file-size limit, {@code ulimit -f}: the JVM ignores SIGXFSZ, so a write past
 * the limit fails with EFBIG as a write to a full disk fails with ENOSPC).
 */
class ProcessLevelTest {
    /** Scalar kernels compiled by C1 only: the quickest start for a short run (the Vector API is slow until C2 compiles it). */
    static final List<String> SCALAR = List.of("-Dmgdaunet.simd=false", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path dir;

    /** The command of {@code mgda-unet train} with the tiny settings in a new JVM. */
    private static List<String> train(String... flags) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(Cli.TINY);
        args.addAll(List.of(flags));
        return JavaProcess.command(SCALAR, Main.class, args);
    }

    /** Standard error without the JVM's own notice about the incubator module. */
    private static String errors(Path err) throws IOException {
        return Files.readAllLines(err).stream().filter(l -> !l.startsWith("WARNING: Using incubator modules")).reduce("", (a, b) -> a + b + "\n").strip();
    }

    @Test
    void aSignalStopsAfterTheStepWithACheckpointAndTheRunResumes() throws Exception {
        Path run = dir.resolve("run"), out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = JavaProcess.start(train("--epochs", "40", "--out", run.toString()), out, err);
        long deadline = System.nanoTime() + 240_000_000_000L;
        while (!Files.readString(out).contains("epoch 1/40  1/2") && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(p.isAlive(), "still training: " + Files.readString(out) + errors(err));
        p.destroy(); // SIGTERM, as Ctrl-C sends SIGINT: the same shutdown path
        int code = JavaProcess.await(p, 120, err);
        assertEquals(143, code, "the JVM's exit status after SIGTERM; stderr: " + errors(err));
        assertTrue(errors(err).contains("mgda-unet: stopping after the current step and saving a checkpoint..."), errors(err));
        String printed = Files.readString(out);
        assertTrue(printed.contains("continue with: mgda-unet train --resume " + run), printed);
        assertEquals(RunSummary.STOPPED, RunSummary.read(run.resolve("summary.json")).status());
        boolean mid = Files.exists(run.resolve("checkpoints/interrupted.safetensors"));
        assertTrue(mid || Files.exists(run.resolve("checkpoints/epoch-001.safetensors")), "a checkpoint was saved");

        Cli.run("train", "--resume", run.toString(), "--epochs", "2", "--no-progress").assertOk();
        assertEquals(RunSummary.COMPLETED, RunSummary.read(run.resolve("summary.json")).status());
        assertEquals(2 * 3 * 2, CsvLog.read(run.resolve("metrics.csv")).rows().size());
    }

    @Test
    void aDiskThatRefusesTheNextCheckpointLosesNothingWrittenBefore() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) && System.getProperty("os.name").startsWith("Linux"), "needs bash's ulimit (Linux)");
        Path run = dir.resolve("run");
        // Epoch 1 in this JVM; its checkpoints (about 290 KB with 32-channel heads) are the ones to keep.
        Cli.Run first = Cli.trainTiny("--head-channels", "32", "--epochs", "2", "--out", run.toString(), "--stop-after-steps", "2");
        assertEquals(130, first.code(), first.err());
        byte[] epoch1 = Files.readAllBytes(run.resolve("checkpoints/epoch-001.safetensors"));
        assertTrue(epoch1.length > 200 * 1024, "the checkpoint must exceed the limit below: " + epoch1.length);

        // Epoch 2 with files limited to 150 KB: the plots and CSV rows fit, the checkpoint does not.
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", "ulimit -f 150 && exec \"$0\" \"$@\""));
        cmd.addAll(JavaProcess.command(SCALAR, Main.class, List.of("train", "--resume", run.toString(), "--no-progress")));
        int code = JavaProcess.await(JavaProcess.start(cmd, out, err), 240, err);
        String line = errors(err);
        assertEquals(2, code, "stderr: " + line + "\nstdout: " + Files.readString(out));
        assertFalse(line.contains("\n") || line.contains("\tat "), "one line: " + line);
        assertTrue(line.startsWith("mgda-unet: ") && line.contains(run.resolve("checkpoints/epoch-002.safetensors").toString()), line);
        assertTrue(line.toLowerCase(java.util.Locale.ROOT).contains("file too large"), line);

        assertEquals(List.of("epoch-001.safetensors", "best.safetensors").stream().sorted().toList(), files(run.resolve("checkpoints")),
                "no half-written checkpoint, no temporary file left");
        assertTrue(java.util.Arrays.equals(epoch1, Files.readAllBytes(run.resolve("checkpoints/epoch-001.safetensors"))), "epoch 1's checkpoint untouched");
        assertEquals(2 * 3 * 2, CsvLog.read(run.resolve("metrics.csv")).rows().size(), "epoch 2's metrics were written before its checkpoint");
        assertEquals(RunSummary.FAILED, RunSummary.read(run.resolve("summary.json")).status());

        // With room again, the run continues from epoch 1 and ends as usual.
        Cli.run("train", "--resume", run.toString(), "--no-progress").assertOk();
        assertEquals(2 * 3 * 2, CsvLog.read(run.resolve("metrics.csv")).rows().size(), "epoch 2's rows once, from the resumed run");
        assertEquals(2, RunSummary.read(run.resolve("summary.json")).epochsCompleted());
        assertTrue(Files.exists(run.resolve("checkpoints/epoch-002.safetensors")));
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
