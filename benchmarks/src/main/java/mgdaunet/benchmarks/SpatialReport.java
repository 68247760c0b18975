package mgdaunet.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the spatial benchmarks of a JMH JSON result file as a table of milliseconds (the mean and
 * its error, and the best measurement iteration: on a shared machine the best is what compares
 * with the "min" column of PyTorch's ops_bench.py) and, for the convolutions, GFLOP/s (the
 * multiply-adds of the direct algorithm times two, as PyTorch's reference script counts them:
 * forward, input gradient and weight gradient each 2 * N * Cout * Cin * kh * kw * outH * outW).
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar "ConvBenchmark|ConvTransposeBenchmark|PoolingBenchmark|BatchNormBenchmark" \
 *        -rf json -rff spatial.json
 *   java -cp benchmarks/target/benchmarks.jar mgdaunet.benchmarks.SpatialReport spatial.json
 * </pre>
 */
public final class SpatialReport {
    private SpatialReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SpatialReport <jmh-result.json>");
            System.exit(2);
        }
        JsonArray runs = JsonParser.parseString(Files.readString(Path.of(args[0]))).getAsJsonArray();
        System.out.printf(Locale.ROOT, "%-52s %10s %10s %10s %9s %9s%n", "benchmark", "mean ms", "+-", "best ms", "GFLOP/s", "best");
        for (JsonElement e : runs) {
            JsonObject run = e.getAsJsonObject();
            String name = run.get("benchmark").getAsString().replace("mgdaunet.benchmarks.", "");
            JsonObject params = run.has("params") ? run.getAsJsonObject("params") : new JsonObject();
            JsonObject metric = run.getAsJsonObject("primaryMetric");
            double ms = metric.get("score").getAsDouble();
            double error = metric.get("scoreError").isJsonPrimitive() ? metric.get("scoreError").getAsDouble() : Double.NaN;
            String shape = params.has("shape") ? params.get("shape").getAsString() : "";
            int batch = params.has("batch") ? params.get("batch").getAsInt() : 25;
            double flops = flops(name, shape, batch);
            double best = Double.MAX_VALUE;
            for (JsonElement fork : metric.getAsJsonArray("rawData")) {
                for (JsonElement it : fork.getAsJsonArray()) best = Math.min(best, it.getAsDouble());
            }
            String label = shape.isEmpty() ? name : name + " " + shape;
            System.out.printf(Locale.ROOT, "%-52s %10.3f %10.3f %10.3f %9s %9s%n", label, ms, error, best, gflops(flops, ms), gflops(flops, best));
        }
    }

    private static String gflops(double flops, double ms) {
        return flops > 0 ? String.format(Locale.ROOT, "%.1f", flops / (ms * 1e-3) / 1e9) : "";
    }

    /** Floating-point operations of one call, or 0 where GFLOP/s means little (memory-bound kernels). */
    static double flops(String benchmark, String shape, int batch) {
        if (shape.isEmpty()) return 0;
        String[] s = shape.split("x");
        double cin = Double.parseDouble(s[0]), cout = Double.parseDouble(s[1]), h = Double.parseDouble(s[2]), w = Double.parseDouble(s[3]);
        if (benchmark.startsWith("ConvBenchmark.")) return 2 * batch * cout * cin * 9 * h * w;
        if (benchmark.startsWith("ConvTransposeBenchmark.")) {
            double one = 2 * batch * cin * cout * 4 * h * w;
            return benchmark.endsWith("backward") ? 2 * one : one;
        }
        return 0;
    }
}
