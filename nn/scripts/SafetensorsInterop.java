// Java side of safetensors_interop.py (not a test; the JUnit tests do not need Python).
// Launched as a single-file program with nn, autograd, tensor and Gson on the class path:
//   java -cp CP nn/scripts/SafetensorsInterop.java write FILE   writes the reference tensor set
//   java -cp CP nn/scripts/SafetensorsInterop.java dump FILE    prints what Java reads, as JSON
// dump prints float32 values as their raw int bits, so the comparison in Python is exact; a file
// Java refuses prints {"error": message} and exits with status 3.

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import mgdaunet.nn.checkpoint.Checkpoint;
import mgdaunet.nn.checkpoint.CheckpointException;
import mgdaunet.nn.checkpoint.SafetensorsReader;
import mgdaunet.nn.checkpoint.SafetensorsWriter;
import mgdaunet.tensor.Tensor;

public class SafetensorsInterop {
    /** Must match reference_set() in safetensors_interop.py: value i of tensor k is ((i * 37 + k * 11) % 101 - 50) / 16. */
    static Map<String, Tensor> referenceSet() {
        Map<String, Object[]> specs = new LinkedHashMap<>();
        specs.put("enc.0.conv1.weight", new Object[] {new int[] {4, 1, 3, 3}});
        specs.put("enc.0.conv1.bias", new Object[] {new int[] {4}});
        specs.put("enc.0.bn1.running_mean", new Object[] {new int[] {4}});
        specs.put("head.weight", new Object[] {new int[] {3, 5}});
        specs.put("Z.scalar", new Object[] {new int[] {}});
        specs.put("empty", new Object[] {new int[] {0, 3}});
        specs.put("\u00e9t\u00e9.w", new Object[] {new int[] {2}});
        Map<String, Tensor> out = new LinkedHashMap<>();
        int k = 0;
        for (var e : specs.entrySet()) {
            int[] shape = (int[]) e.getValue()[0];
            Tensor t = Tensor.zeros(shape);
            float[] d = t.data();
            for (int i = 0; i < d.length; i++) d[i] = ((i * 37 + k * 11) % 101 - 50) / 16f;
            out.put(e.getKey(), t);
            k++;
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "write" -> SafetensorsWriter.write(file, referenceSet(), Map.of("format", "pt"));
            case "dump" -> {
                JsonObject out = new JsonObject();
                try {
                    Checkpoint c = SafetensorsReader.read(file);
                    JsonObject tensors = new JsonObject(), meta = new JsonObject();
                    c.tensors().forEach((name, t) -> {
                        JsonObject o = new JsonObject();
                        JsonArray shape = new JsonArray(), bits = new JsonArray();
                        for (int s : t.shape()) shape.add(s);
                        for (float v : t.data()) bits.add(Float.floatToRawIntBits(v));
                        o.add("shape", shape);
                        o.add("bits", bits);
                        tensors.add(name, o);
                    });
                    c.metadata().forEach(meta::addProperty);
                    out.add("tensors", tensors);
                    out.add("metadata", meta);
                } catch (CheckpointException e) {
                    out.addProperty("error", e.getMessage());
                    System.out.println(out);
                    System.exit(3);
                }
                System.out.println(out);
            }
            default -> throw new IllegalArgumentException("usage: write|dump FILE");
        }
    }
}
