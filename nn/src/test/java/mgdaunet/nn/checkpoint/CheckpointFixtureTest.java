package mgdaunet.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads a file Java did not write: {@code python_written.safetensors} was made by
 * {@code nn/scripts/safetensors_interop.py fixture} with Python's safetensors 0.8.0 from torch 1.13
 * tensors of four dtypes. The expected values are torch's {@code .float()} of each tensor, as the
 * script prints them.
 */
class CheckpointFixtureTest {
    @Test
    void readsEveryDtypePyTorchWrote() throws Exception {
        Checkpoint c = SafetensorsReader.read(fixture());
        assertEquals(List.of("f64.d", "empty", "f32.weight", "scalar", "bf16.b", "f16.half"), List.copyOf(c.tensors().keySet()),
                "file order: F64 first, then F32, BF16, F16 (the reference writer sorts by alignment, then name)");
        assertEquals(Map.of("format", "pt", "producer", "nn/scripts/safetensors_interop.py"), c.metadata());

        assertArrayEquals(new int[] {2, 3}, c.tensor("f32.weight").shape());
        assertArrayEquals(new float[] {0.5f, -1.25f, 3.0f, 0.001f, -0.0f, 65504.0f}, c.tensor("f32.weight").data());

        // F16: 0.1 and the smallest subnormal round as half precision does; the max half survives
        assertArrayEquals(new float[] {1.0f, -2.5f, 0.099975586f, 65504.0f, 5.9604645e-08f}, c.tensor("f16.half").data());
        assertEquals(0x8000_0000, Float.floatToRawIntBits(c.tensor("f32.weight").data()[4]), "-0 keeps its sign");

        // BF16: the upper 16 bits of a float32
        assertArrayEquals(new float[] {1.0f, -3.140625f, 0.100097656f, 1.00025555e+30f}, c.tensor("bf16.b").data());

        // F64: rounded to nearest float32; 1e-40 becomes a float32 subnormal
        assertArrayEquals(new int[] {2, 2}, c.tensor("f64.d").shape());
        assertArrayEquals(new float[] {0.1f, 0.33333334f, -2.0f, 1e-40f}, c.tensor("f64.d").data());

        assertEquals(0, c.tensor("scalar").rank());
        assertEquals(7.0f, c.tensor("scalar").item());
        assertArrayEquals(new int[] {0}, c.tensor("empty").shape());
    }

    static Path fixture() throws URISyntaxException {
        return Path.of(CheckpointFixtureTest.class.getResource("python_written.safetensors").toURI());
    }
}
