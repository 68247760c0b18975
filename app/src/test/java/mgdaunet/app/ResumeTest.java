package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import mgdaunet.app.report.CsvLog;
import mgdaunet.app.report.RunSummary;
import mgdaunet.nn.checkpoint.Checkpoint;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run stopped mid-epoch and at an epoch's end, and resumed each time, ends bit for bit as the
 * uninterrupted run: weights, batch-norm statistics, optimizer state, every step's task weights,
 * every loss and metric.
 *
 * <p>The runs use the scalar kernels ({@code -Dmgdaunet.simd=false}) in a JVM of their own. Written
 * when some Vector API kernels added lanes with {@code reduceLanes} (whose order differs between the
 * interpreter and compiled code; they now use {@code LaneSums}): the scalar kernels compute the same
 * in every JIT state, which leaves exactly what this test is about: whether a checkpoint holds
 * everything.
 */
class ResumeTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void runTheScenario() throws Exception {
        Path out = dir.resolve("scenario.out"), err = dir.resolve("scenario.err");
        Process p = JavaProcess.start(JavaProcess.command(List.of("-Dmgdaunet.simd=false", "-XX:TieredStopAtLevel=1"), ResumeScenario.class,
                List.of(dir.toString())), out, err);
        assertEquals(0, JavaProcess.await(p, 300, err), Files.readString(err));
    }

    private static String read(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    @Test
    void eachStopSavesACheckpointAndSaysHowToGoOn() throws IOException {
        assertEquals("0", read("reference.code"), read("reference.err"));
        assertEquals("130", read("stop1.code"), read("stop1.err"));
        assertTrue(read("stop1.out").contains("stopped after step 1 of 2 of epoch 1 (of 2); saved " + dir.resolve("resumed/checkpoints/interrupted.safetensors")), read("stop1.out"));
        assertTrue(read("stop1.out").contains("continue with: mgda-unet train --resume " + dir.resolve("resumed")), read("stop1.out"));

        // One more step: the last of epoch 1, whose end (validation, checkpoint) completes before the stop.
        assertEquals("130", read("stop2.code"), read("stop2.err"));
        assertTrue(read("stop2.out").startsWith("resuming from epoch 1, step 1: "), read("stop2.out"));
        assertTrue(read("stop2.out").contains("epoch 1/2 done in"), read("stop2.out"));
        assertTrue(read("stop2.out").contains("stopped at the end of epoch 1"), read("stop2.out"));

        assertEquals("0", read("final.code"), read("final.err"));
        assertTrue(read("final.out").startsWith("resuming from the end of epoch 1: "), read("final.out"));
        Path ck = dir.resolve("resumed/checkpoints");
        assertTrue(Files.exists(ck.resolve("epoch-001.safetensors")) && Files.exists(ck.resolve("epoch-002.safetensors")));
        assertFalse(Files.exists(ck.resolve("interrupted.safetensors")), "an epoch checkpoint after it replaces the interrupted one");
        RunSummary s = RunSummary.read(dir.resolve("resumed/summary.json"));
        assertEquals(RunSummary.COMPLETED, s.status());
        assertEquals(List.of(1, 2), s.epochs().stream().map(RunSummary.EpochRecord::epoch).toList());
    }

    @Test
    void theResumedRunEndsBitForBitAsTheUninterruptedOne() throws IOException {
        Checkpoint a = SafetensorsReader.read(dir.resolve("reference/checkpoints/epoch-002.safetensors"));
        Checkpoint b = SafetensorsReader.read(dir.resolve("resumed/checkpoints/epoch-002.safetensors"));
        assertEquals(a.tensors().keySet(), b.tensors().keySet());
        assertTrue(a.tensors().keySet().stream().anyMatch(k -> k.startsWith("optimizer.state.") && k.endsWith("exp_avg_sq")), "Adam's state is compared too");
        for (String name : a.tensors().keySet()) {
            Tensor x = a.tensors().get(name), y = b.tensors().get(name);
            assertArrayEquals(x.shape(), y.shape(), name);
            for (int i = 0; i < x.size(); i++) {
                assertEquals(Float.floatToRawIntBits(x.data()[i]), Float.floatToRawIntBits(y.data()[i]), name + "[" + i + "]");
            }
        }
        assertEquals(Files.readString(dir.resolve("reference/weights.csv")), Files.readString(dir.resolve("resumed/weights.csv")), "the same task weights at every step");
        assertEquals(withoutTimes(dir.resolve("reference/metrics.csv")), withoutTimes(dir.resolve("resumed/metrics.csv")), "the same losses and metrics, train and validation");
    }

    /** The CSV without its timing columns, which differ between any two runs. */
    static List<List<String>> withoutTimes(Path csv) throws IOException {
        CsvLog.Table t = CsvLog.read(csv);
        int seconds = t.header().indexOf("seconds"), rate = t.header().indexOf("images_per_s");
        List<List<String>> rows = new ArrayList<>();
        rows.add(t.header());
        for (List<String> row : t.rows()) {
            List<String> r = new ArrayList<>(row);
            r.set(seconds, "");
            r.set(rate, "");
            rows.add(r);
        }
        return rows;
    }
}
