package mgdaunet.app.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCsvTest {
    @TempDir
    Path dir;

    private static final List<String> COLUMNS = MetricsCsv.valueColumns(List.of("miou", "pixel_accuracy", "accuracy", "miou"));

    private static List<MetricsRow> epoch(int e) {
        return List.of(
                MetricsRow.builder(e, "seg", MetricsCsv.VALIDATION).put("loss", 0.25 * e).put("miou", 0.5).put("pixel_accuracy", Double.NaN).build(),
                MetricsRow.builder(e, "left", MetricsCsv.VALIDATION).put("loss", 1.5).put("accuracy", 0.875).put("weight", 0.3).build());
    }

    @Test
    void columnsAreKeysLossMetricsThenBookkeeping() {
        assertEquals(List.of("loss", "miou", "pixel_accuracy", "accuracy", "weight", "lr", "seconds", "images_per_s"), COLUMNS);
    }

    @Test
    void writesReadableRowsAndReadsThemBack() throws IOException {
        Path f = dir.resolve("metrics.csv");
        MetricsCsv csv = MetricsCsv.create(f, COLUMNS);
        csv.append(epoch(1));
        assertEquals("""
                epoch,task,split,loss,miou,pixel_accuracy,accuracy,weight,lr,seconds,images_per_s
                1,seg,val,0.25,0.5,NaN,,,,,
                1,left,val,1.5,,,0.875,0.3,,,
                """, Files.readString(f));
        List<MetricsRow> rows = MetricsCsv.read(f);
        assertEquals(2, rows.size());
        assertEquals(0.875, rows.get(1).get("accuracy"));
        assertTrue(Double.isNaN(rows.get(0).get("pixel_accuracy")));
        assertTrue(!rows.get(0).values().containsKey("accuracy"), "an empty cell is no value");
        assertEquals(epoch(1).get(1), rows.get(1));
    }

    @Test
    void quotesFieldsThatNeedIt() throws IOException {
        Path f = dir.resolve("metrics.csv");
        MetricsCsv csv = MetricsCsv.create(f, COLUMNS);
        csv.append(List.of(MetricsRow.builder(2, "odd,\"name\"", "train").put("loss", 1).build()));
        assertTrue(Files.readString(f).contains("2,\"odd,\"\"name\"\"\",train,1,"), Files.readString(f));
        assertEquals("odd,\"name\"", MetricsCsv.read(f).getFirst().task());
    }

    @Test
    void aTornLastLineIsSkippedAndRemovedOnResume() throws IOException {
        Path f = dir.resolve("metrics.csv");
        MetricsCsv csv = MetricsCsv.create(f, COLUMNS);
        csv.append(epoch(1));
        String good = Files.readString(f);
        // A crash in the middle of appending epoch 2: half a line, then the NUL tail some file systems show.
        Files.writeString(f, "2,seg,val,0.5,0.", StandardOpenOption.APPEND);
        Files.write(f, new byte[] {0, 0, 0}, StandardOpenOption.APPEND);
        assertEquals(2, MetricsCsv.read(f).size());
        MetricsCsv resumed = MetricsCsv.resume(f, COLUMNS, 1);
        assertEquals(good, Files.readString(f));
        resumed.append(epoch(2));
        assertEquals(4, MetricsCsv.read(f).size());
        assertEquals(2, MetricsCsv.read(f).getLast().epoch());
    }

    @Test
    void resumeDropsTheRowsOfLaterEpochs() throws IOException {
        Path f = dir.resolve("metrics.csv");
        MetricsCsv csv = MetricsCsv.create(f, COLUMNS);
        for (int e = 1; e <= 4; e++) csv.append(epoch(e));
        MetricsCsv.resume(f, COLUMNS, 2).append(epoch(3));
        List<Integer> epochs = MetricsCsv.read(f).stream().map(MetricsRow::epoch).toList();
        assertEquals(List.of(1, 1, 2, 2, 3, 3), epochs);
        String before = Files.readString(f);
        MetricsCsv.resume(f, COLUMNS, 3);
        assertEquals(before, Files.readString(f), "nothing to drop: the file is left as it is");
        MetricsCsv.resume(f, COLUMNS, 0);
        assertEquals(1, Files.readAllLines(f).size(), "resuming from epoch 0 keeps only the header");
    }

    @Test
    void resumeRefusesAnotherRunsColumnsOrAMissingFile() throws IOException {
        Path f = dir.resolve("metrics.csv");
        MetricsCsv.create(f, COLUMNS);
        var e = assertThrows(ReportFileException.class, () -> MetricsCsv.resume(f, MetricsCsv.valueColumns(List.of("accuracy")), 1));
        assertTrue(e.getMessage().startsWith(f + ": cannot resume"), e.getMessage());
        var missing = assertThrows(ReportFileException.class, () -> MetricsCsv.resume(dir.resolve("none.csv"), COLUMNS, 1));
        assertTrue(missing.getMessage().contains("none.csv: cannot read: no such file"), missing.getMessage());
    }

    @Test
    void aCorruptMiddleLineIsReportedWithItsNumber() throws IOException {
        Path f = dir.resolve("metrics.csv");
        MetricsCsv.create(f, COLUMNS).append(epoch(1));
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(f));
        lines.set(1, "1,seg");
        Files.write(f, lines);
        var e = assertThrows(ReportFileException.class, () -> MetricsCsv.read(f));
        assertTrue(e.getMessage().contains("line 2 has 2 fields"), e.getMessage());
    }

    @Test
    void aFullDiskIsAClearErrorNamingTheFile() throws IOException {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs Linux's /dev/full");
        Path f = dir.resolve("metrics.csv");
        MetricsCsv csv = MetricsCsv.create(f, COLUMNS);
        Files.delete(f);
        Files.createSymbolicLink(f, full); // every write to it fails with ENOSPC
        var e = assertThrows(ReportFileException.class, () -> csv.append(epoch(1)));
        assertEquals(f + ": cannot append: no space left on device", e.getMessage());
    }

    @Test
    void aBadRowWritesNothing() throws IOException {
        Path f = dir.resolve("metrics.csv");
        MetricsCsv csv = MetricsCsv.create(f, COLUMNS);
        String before = Files.readString(f);
        var rows = List.of(epoch(1).getFirst(), MetricsRow.builder(1, "seg", "val").put("no_such_column", 1).build());
        assertThrows(IllegalArgumentException.class, () -> csv.append(rows));
        assertEquals(before, Files.readString(f));
    }
}
