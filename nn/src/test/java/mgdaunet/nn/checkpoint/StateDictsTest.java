package mgdaunet.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDictsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> model() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("enc.0.weight", Tensor.zeros(4, 1, 3, 3));
        m.put("enc.0.bias", Tensor.zeros(4));
        m.put("head.weight", Tensor.zeros(2, 4));
        return m;
    }

    private static Map<String, Tensor> filled(Map<String, Tensor> shapes, float start) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        float v = start;
        for (var e : shapes.entrySet()) {
            Tensor t = Tensor.zeros(e.getValue().shape());
            for (int i = 0; i < t.size(); i++) t.data()[i] = v++;
            out.put(e.getKey(), t);
        }
        return out;
    }

    @Test
    void saveThenLoadRestoresTheValuesInPlace() throws IOException {
        Map<String, Tensor> saved = filled(model(), 1f);
        Path f = dir.resolve("m.safetensors");
        SafetensorsWriter.write(f, saved);

        Map<String, Tensor> target = model();
        Tensor weightBefore = target.get("enc.0.weight");
        LoadReport r = SafetensorsReader.read(f).loadInto(target, true);
        assertTrue(r.isComplete());
        assertSame(weightBefore, target.get("enc.0.weight"), "loaded into the model's own tensors");
        for (String k : saved.keySet()) assertEquals(saved.get(k), target.get(k), k);
    }

    @Test
    void strictLoadNamesMissingAndUnexpectedAndChangesNothing() throws IOException {
        Map<String, Tensor> saved = filled(model(), 1f);
        saved.remove("enc.0.bias");
        saved.put("enc.0.extra", Tensor.ones(3));
        Path f = dir.resolve("m.safetensors");
        SafetensorsWriter.write(f, saved);

        Map<String, Tensor> target = model();
        var e = assertThrows(StateDictMismatchException.class, () -> SafetensorsReader.read(f).loadInto(target, true));
        assertEquals("checkpoint " + f + " does not fit (strict load): missing 1 (enc.0.bias); unexpected 1 (enc.0.extra)", e.getMessage());
        assertEquals(List.of("enc.0.bias"), e.missing());
        assertEquals(List.of("enc.0.extra"), e.unexpected());
        assertEquals(List.of(), e.misShaped());
        assertEquals(Tensor.zeros(4, 1, 3, 3), target.get("enc.0.weight"), "nothing copied by a failed load");
    }

    @Test
    void nonStrictLoadSkipsAndReports() {
        Map<String, Tensor> source = filled(model(), 1f);
        source.remove("head.weight");
        source.put("aux.weight", Tensor.ones(1));
        Map<String, Tensor> target = model();
        LoadReport r = StateDicts.copyInto("test", target, source, false);
        assertEquals(List.of("head.weight"), r.missing());
        assertEquals(List.of("aux.weight"), r.unexpected());
        assertFalse(r.isComplete());
        assertEquals(source.get("enc.0.bias"), target.get("enc.0.bias"));
        assertEquals(Tensor.zeros(2, 4), target.get("head.weight"), "missing tensors keep their values");
    }

    @Test
    void misShapedFailsEvenWhenNotStrict() {
        Map<String, Tensor> source = filled(model(), 1f);
        source.put("enc.0.weight", Tensor.ones(4, 2, 3, 3));
        source.put("head.weight", Tensor.ones(8));
        Map<String, Tensor> target = model();
        var e = assertThrows(StateDictMismatchException.class, () -> StateDicts.copyInto("checkpoint x", target, source, false));
        assertEquals("checkpoint x does not fit (non-strict load): mis-shaped 2 (enc.0.weight [4, 2, 3, 3] vs expected [4, 1, 3, 3], "
                + "head.weight [8] vs expected [2, 4])", e.getMessage());
        assertEquals(List.of("enc.0.weight", "head.weight"), e.misShaped());
        assertEquals(Tensor.zeros(4), target.get("enc.0.bias"), "nothing copied by a failed load");
    }

    @Test
    void longListsAreCutInTheMessageButKeptInTheException() {
        Map<String, Tensor> target = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) target.put("p" + i, Tensor.zeros(1));
        var e = assertThrows(StateDictMismatchException.class, () -> StateDicts.copyInto("empty file", target, Map.of(), true));
        assertEquals("empty file does not fit (strict load): missing 11 (p0, p1, p2, p3, p4, p5, p6, p7, and 3 more)", e.getMessage());
        assertEquals(11, e.missing().size());
    }

    @Test
    void prefixesCombineModelAndOptimizerState() {
        Map<String, Tensor> model = filled(model(), 1f);
        Map<String, Tensor> opt = Map.of("state.0.step", Tensor.scalar(3f));
        Map<String, Tensor> all = new LinkedHashMap<>(StateDicts.withPrefix("model.", model));
        all.putAll(StateDicts.withPrefix("optimizer.", opt));
        assertEquals(4, all.size());
        assertEquals(model, StateDicts.underPrefix("model.", all));
        assertEquals(opt, StateDicts.underPrefix("optimizer.", all));
        assertEquals(List.of("model.enc.0.weight", "model.enc.0.bias", "model.head.weight", "optimizer.state.0.step"), List.copyOf(all.keySet()));
    }
}
