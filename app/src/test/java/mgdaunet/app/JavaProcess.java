package mgdaunet.app;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a class of this module's test class path in a JVM of its own (for signals, file-size limits, the scalar kernels). */
final class JavaProcess {
    private JavaProcess() {}

    /** The command line: this JVM's java, the Vector API module, the given JVM flags, the test class path, the class and its arguments. */
    static List<String> command(List<String> jvmFlags, Class<?> main, List<String> args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-XX:+UseSerialGC", "-Xmx1g"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", cp, main.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Starts {@code command} with standard output and error going to {@code out} and {@code err}. */
    static Process start(List<String> command, Path out, Path err) throws IOException {
        return new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    /** Waits for {@code p} at most {@code seconds}; a process still running then is killed and the test fails. */
    static int await(Process p, long seconds, Path err) throws IOException, InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the process did not end within " + seconds + " s; stderr: " + Files.readString(err));
        }
        return p.exitValue();
    }
}
