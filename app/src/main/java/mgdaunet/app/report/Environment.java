package mgdaunet.app.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import mgdaunet.tensor.Parallel;
import mgdaunet.tensor.Simd;

/**
 * The machine and JVM a run used, recorded in its summary so that timings can be compared.
 *
 * @param cpu the processor model ("Intel(R) Xeon(R) ..."), or the architecture where unknown
 * @param cpus processors the JVM sees
 * @param threads threads of the compute pool
 * @param simd whether the Vector API kernels ran (false under {@code -Dmgdaunet.simd=false})
 */
public record Environment(
        String jdk,
        String jdkVendor,
        String vm,
        String os,
        String arch,
        String cpu,
        int cpus,
        int threads,
        long maxHeapMb,
        boolean simd) {

    /** This JVM and machine, with the compute pool's current thread count. */
    public static Environment current() {
        return new Environment(
                Runtime.version().toString(),
                System.getProperty("java.vendor", "unknown"),
                System.getProperty("java.vm.name", "unknown"),
                System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
                System.getProperty("os.arch", "unknown"),
                cpuModel(),
                Runtime.getRuntime().availableProcessors(),
                Parallel.threads(),
                Runtime.getRuntime().maxMemory() / (1024 * 1024),
                Simd.ENABLED);
    }

    /** The model name from /proc/cpuinfo on Linux; the architecture elsewhere. */
    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (var lines = Files.lines(cpuinfo)) {
                var model = lines.filter(l -> l.toLowerCase(Locale.ROOT).startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst();
                if (model.isPresent()) return model.get();
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch", "unknown");
    }
}
