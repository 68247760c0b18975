// Java side of `unet_reference.py java-check` (not a test; the JUnit tests do not need Python).
// Launched as a single-file program with nn, autograd, tensor and Gson on the class path:
//   java -cp CP nn/scripts/UNetExport.java nearest|transposed STATE_FILE IO_FILE
// Builds the seed U-Net (64 x 84 input, 11 classes), runs one training-mode forward so that the
// batch-norm statistics and counters move, then saves the state dict with Module.save (counters as
// I64) and, in IO_FILE, an input "x" (2 x 1 x 64 x 84) and the evaluation-mode output "y" for it.

import java.nio.file.Path;
import java.util.Map;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.checkpoint.SafetensorsWriter;
import mgdaunet.nn.unet.UNet;
import mgdaunet.nn.unet.UNetConfig;
import mgdaunet.nn.unet.Upsampling;
import mgdaunet.tensor.Tensor;

public class UNetExport {
    public static void main(String[] args) throws Exception {
        Upsampling up = args[0].equals("transposed") ? Upsampling.TRANSPOSED : Upsampling.NEAREST;
        UNet net = new UNet(UNetConfig.seed().withUpsampling(up), Tensor.rng(2024));
        try (var g = Graph.noGrad()) {
            net.train();
            net.forward(Variable.constant(Tensor.uniform(Tensor.rng(1), 0f, 1f, 4, 1, 64, 84)));
            net.eval();
            Tensor x = Tensor.uniform(Tensor.rng(2), 0f, 1f, 2, 1, 64, 84);
            Tensor y = net.forward(Variable.constant(x)).value();
            net.save(Path.of(args[1]));
            SafetensorsWriter.write(Path.of(args[2]), Map.of("x", x, "y", y));
        }
    }
}
