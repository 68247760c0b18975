package mgdaunet.app.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsCsvTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsAndResumes() throws IOException {
        Path f = dir.resolve("weights.csv");
        WeightsCsv w = WeightsCsv.create(f, List.of("seg", "left", "right"));
        w.append(List.of(new WeightsCsv.Step(1, 1, new double[] {0.5, 0.25, 0.25}), new WeightsCsv.Step(1, 2, new double[] {1, 0, 0})));
        w.append(List.of(new WeightsCsv.Step(2, 3, new double[] {0.2, 0.3, 0.5})));
        assertEquals("epoch,step,seg,left,right\n1,1,0.5,0.25,0.25\n1,2,1,0,0\n2,3,0.2,0.3,0.5\n", Files.readString(f));
        WeightsCsv.resume(f, List.of("seg", "left", "right"), 1);
        WeightsCsv.History h = WeightsCsv.read(f);
        assertEquals(List.of("seg", "left", "right"), h.tasks());
        assertEquals(2, h.steps().size());
        assertArrayEquals(new double[] {1, 0, 0}, h.steps().get(1).weights());
        assertThrows(IllegalArgumentException.class, () -> w.append(List.of(new WeightsCsv.Step(2, 3, new double[] {1}))));
    }
}
