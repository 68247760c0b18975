package mgdaunet.tensor;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production code makes vectors of the preferred shape only. A FloatVector of a second shape
 * (VectorMath once loaded 256-bit floats to widen them) puts a second class into the type profiles
 * the Vector API's methods share between all callers; in some JVMs C2 then emitted two-way type
 * checks on the weight-gradient kernels' accumulators and boxed every vector (half the training
 * speed; benchmarks/README.md, "Fixed: some JVMs boxed"). Nothing else would catch that: results stay right.
 */
class PreferredShapeTest {
    private static final Pattern OTHER_SHAPE =
            Pattern.compile("SPECIES_(64|128|256|512|MAX)\\b|VectorShape\\.|withShape\\(|reinterpretShape\\(|ofLargestShape\\(");

    @Test
    void mainSourcesUseOnlyThePreferredShape() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        for (String module : new String[] {"tensor", "autograd", "nn", "mgda", "app"}) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        assertTrue(sources.stream().anyMatch(p -> p.endsWith("VectorMath.java")), "scanned " + root);
        List<String> offenders = new ArrayList<>();
        for (Path p : sources) {
            List<String> lines;
            try {
                lines = Files.readAllLines(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < lines.size(); i++) {
                if (OTHER_SHAPE.matcher(lines.get(i)).find()) offenders.add(root.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertEquals(List.of(), offenders, "vector species of a non-preferred shape");
    }
}
