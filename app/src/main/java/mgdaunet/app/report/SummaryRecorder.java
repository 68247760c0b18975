package mgdaunet.app.report;

import com.google.gson.JsonElement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects a run's epochs and produces its {@link RunSummary}: final and best results per task,
 * timings and throughput are derived from the epoch history each time, so they are right after a
 * resume too. The best epoch of a task has the best defined main metric; ties keep the earlier.
 */
public final class SummaryRecorder {
    private final JsonElement config;
    private final int epochsPlanned;
    private final Environment environment;
    private final String started;
    private final Clock clock;
    private final List<RunSummary.EpochRecord> epochs = new ArrayList<>();
    private long previousPeakHeapMb;  // of the sessions before a resume

    /** A new run; {@code config} is the resolved configuration (a record, or any JSON-able object). */
    public SummaryRecorder(Object config, int epochsPlanned, Environment environment) {
        this(Json.toTree(config), epochsPlanned, environment, Clock.systemUTC(), null);
    }

    SummaryRecorder(JsonElement config, int epochsPlanned, Environment environment, Clock clock, String started) {
        this.config = config;
        this.epochsPlanned = epochsPlanned;
        this.environment = environment;
        this.clock = clock;
        this.started = started != null ? started : Instant.now(clock).toString();
    }

    /**
     * Continues a run from its last summary, keeping epochs up to {@code lastEpoch} (the epoch of the
     * checkpoint resumed from) and its start time; the environment is this session's.
     */
    public static SummaryRecorder resume(RunSummary previous, int lastEpoch, Environment environment) {
        return resume(previous, lastEpoch, environment, Clock.systemUTC());
    }

    static SummaryRecorder resume(RunSummary previous, int lastEpoch, Environment environment, Clock clock) {
        SummaryRecorder r = new SummaryRecorder(previous.config(), previous.epochsPlanned(), environment, clock, previous.started());
        if (previous.timing() != null) r.previousPeakHeapMb = previous.timing().peakHeapMb();
        for (RunSummary.EpochRecord e : previous.epochs()) {
            if (e.epoch() <= lastEpoch) r.epochs.add(e);
        }
        return r;
    }

    /** Adds an epoch's record; epochs must come in increasing order. */
    public void add(RunSummary.EpochRecord epoch) {
        if (!epochs.isEmpty() && epoch.epoch() <= epochs.getLast().epoch()) {
            throw new IllegalArgumentException("summary: epoch " + epoch.epoch() + " after epoch " + epochs.getLast().epoch());
        }
        epochs.add(epoch);
    }

    public List<RunSummary.EpochRecord> epochs() {
        return List.copyOf(epochs);
    }

    /** The summary as of now, with the given status. */
    public RunSummary summary(String status) {
        Map<String, RunSummary.TaskSummary> tasks = new LinkedHashMap<>();
        Map<String, RunSummary.TaskEpoch> best = new LinkedHashMap<>();
        Map<String, RunSummary.TaskEpoch> last = new LinkedHashMap<>();
        for (RunSummary.EpochRecord e : epochs) {
            for (var entry : e.tasks().entrySet()) {
                RunSummary.TaskEpoch t = entry.getValue();
                last.put(entry.getKey(), t);
                RunSummary.TaskEpoch b = best.get(entry.getKey());
                if (!Double.isNaN(t.main()) && (b == null || better(t, b))) best.put(entry.getKey(), t);
            }
        }
        for (var entry : last.entrySet()) {
            RunSummary.TaskEpoch t = entry.getValue();
            tasks.put(entry.getKey(), new RunSummary.TaskSummary(t.mainMetric(), t.higherIsBetter(), t, best.get(entry.getKey())));
        }
        return new RunSummary(RunSummary.FORMAT, RunSummary.VERSION, status, started, Instant.now(clock).toString(),
                epochsPlanned, epochs.isEmpty() ? 0 : epochs.getLast().epoch(), config, tasks, timing(), environment, List.copyOf(epochs));
    }

    private static boolean better(RunSummary.TaskEpoch candidate, RunSummary.TaskEpoch incumbent) {
        return candidate.higherIsBetter() ? candidate.main() > incumbent.main() : candidate.main() < incumbent.main();
    }

    private RunSummary.Timing timing() {
        double train = 0, eval = 0;
        long trainImages = 0, evalImages = 0;
        for (RunSummary.EpochRecord e : epochs) {
            train += e.trainSeconds();
            eval += e.evalSeconds();
            trainImages += e.trainImages();
            evalImages += e.evalImages();
        }
        return new RunSummary.Timing(train, eval, train + eval,
                epochs.isEmpty() ? Double.NaN : (train + eval) / epochs.size(),
                trainImages, evalImages,
                train > 0 ? trainImages / train : Double.NaN,
                eval > 0 ? evalImages / eval : Double.NaN,
                Math.max(previousPeakHeapMb, HeapPeak.peakMb()));
    }
}
