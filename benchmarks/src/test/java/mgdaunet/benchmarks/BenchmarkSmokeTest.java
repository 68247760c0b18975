package mgdaunet.benchmarks;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Every JMH benchmark, run once in this JVM (no fork, no warm-up, one measured iteration of about
 * 100 ms) with its smallest parameters and batches of at most 2, so that none can rot: each must
 * finish and report a finite, positive score. Speed is not checked (the JIT is cold here).
 */
class BenchmarkSmokeTest {
    private static final int SMOKE_BATCH = 2;

    @TestFactory
    Stream<DynamicTest> everyBenchmarkRunsAndReportsAFiniteScore() {
        Set<BenchmarkListEntry> entries = BenchmarkList.defaultList()
                .getAll(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of());
        assertTrue(entries.size() >= 10, "the generated benchmark list has " + entries.size() + " entries");
        Map<String, BenchmarkListEntry> byName = new TreeMap<>();
        for (BenchmarkListEntry e : entries) byName.put(e.getUsername(), e);
        return byName.values().stream().map(e -> DynamicTest.dynamicTest(e.getUsername(), () -> smoke(e)));
    }

    private static void smoke(BenchmarkListEntry e) throws RunnerException {
        // JMH's machine-wide lock keeps timed runs apart; this untimed run must not fail (or wait) because one is going on.
        System.setProperty("jmh.ignoreLock", "true");
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(e.getUsername()) + "$")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
        if (e.getParams().hasValue()) {
            for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) o = o.param(p.getKey(), smallest(p.getKey(), p.getValue()));
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        assertEquals(1, results.size(), e.getUsername() + ": one parameter combination");
        double score = results.iterator().next().getPrimaryResult().getScore();
        assertTrue(Double.isFinite(score) && score > 0, e.getUsername() + " scored " + score);
    }

    /** The smallest value: numbers by value, "AxBxC" shapes by product, anything else the first; batches at most 2. */
    static String smallest(String name, String[] values) {
        String best = values[0];
        double bestSize = size(best);
        for (String v : values) {
            double s = size(v);
            if (s < bestSize) {
                best = v;
                bestSize = s;
            }
        }
        if (name.equals("batch") && bestSize > SMOKE_BATCH) return String.valueOf(SMOKE_BATCH);
        return best;
    }

    private static double size(String v) {
        if (!v.matches("\\d+(x\\d+)*")) return Double.MAX_VALUE;  // not a size: keep the declared order
        double p = 1;
        for (String part : v.split("x")) p *= Double.parseDouble(part);
        return p;
    }

    @Test
    void smallestPicksTheLeastSizeAndCapsBatches() {
        assertEquals("256", smallest("size", new String[] {"1024", "256", "512"}));
        assertEquals("1x16x16x16", smallest("shape", new String[] {"25x16x64x96", "1x16x16x16"}));
        assertEquals("NEAREST", smallest("upsampling", new String[] {"NEAREST", "TRANSPOSED"}));
        assertEquals("2", smallest("batch", new String[] {"25", "64"}));
        assertEquals("1", smallest("batch", new String[] {"1", "25"}));
    }

    @Test
    void interleavedStepsMeasuresBothStrategies() {
        double[] r = InterleavedSteps.measure("equal", "mgda-ub", SMOKE_BATCH, 1, 2);
        for (double v : r) assertTrue(Double.isFinite(v) && v > 0, java.util.Arrays.toString(r));
    }
}
