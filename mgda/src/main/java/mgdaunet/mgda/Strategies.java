package mgdaunet.mgda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds a strategy from its CLI name. Every error is one line that names the valid choices. */
public final class Strategies {
    private Strategies() {}

    private static final List<String> NAMES = List.of("mgda-ub", "mgda", "equal", "fixed", "single:<task>", "uncertainty", "gradnorm",
            "pcgrad", "cagrad", "dwa", "rlw");

    /** The valid names, {@code single:<task>} standing for one per task. */
    public static List<String> names() {
        return NAMES;
    }

    /** The task of a {@code single:<task>} spec (prefix case-insensitive, blanks ignored); null for any other spec. */
    public static String singleTask(String spec) {
        if (spec == null) return null;
        String s = spec.strip();
        return s.toLowerCase(Locale.ROOT).startsWith("single:") ? s.substring("single:".length()).strip() : null;
    }

    /**
     * The strategy called {@code spec} (case-insensitive, blanks around it ignored) for a model with
     * tasks {@code taskNames}, configured by {@code options}.
     */
    public static Strategy parse(String spec, StrategyOptions options, List<String> taskNames) {
        if (spec == null) throw new IllegalArgumentException("strategy: none given; valid: " + String.join(", ", NAMES));
        if (options == null) options = StrategyOptions.defaults();
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        String task = singleTask(s);
        if (task != null) {
            if (!taskNames.contains(task)) {
                throw new IllegalArgumentException("strategy " + s + ": unknown task '" + task + "'; valid: "
                        + String.join(", ", taskNames.stream().map(t -> "single:" + t).toList()));
            }
            return new SingleTask(task);
        }
        return switch (lower) {
            case "mgda-ub" -> new MgdaUb(options.normalization(), options.headUpdate());
            case "mgda" -> new Mgda(options.normalization(), options.headUpdate());
            case "equal" -> new EqualWeighting();
            case "fixed" -> new FixedWeighting(fixedWeights(options.fixedWeights(), taskNames));
            case "uncertainty" -> new UncertaintyWeighting(taskNames);
            case "gradnorm" -> new GradNorm(taskNames, options.gradNormAlpha(), options.gradNormLearningRate());
            case "pcgrad" -> new PcGrad(taskNames, options.seed());
            case "cagrad" -> new CaGrad(options.cagradC());
            case "dwa" -> new DynamicWeightAverage(taskNames, options.dwaTemperature());
            case "rlw" -> new RandomLossWeighting(taskNames, options.seed());
            default -> throw new IllegalArgumentException("unknown strategy '" + s + "'; valid: " + String.join(", ", NAMES));
        };
    }

    /** The fixed weights in task order: one per task, none for an unknown task, each finite and >= 0, not all 0. */
    static double[] fixedWeights(Map<String, Double> given, List<String> taskNames) {
        String tasks = String.join(", ", taskNames);
        List<String> unknown = new ArrayList<>();
        for (String k : given.keySet()) if (!taskNames.contains(k)) unknown.add(k);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("strategy fixed: weights given for unknown task(s) " + String.join(", ", unknown)
                    + "; tasks: " + tasks);
        }
        double[] w = new double[taskNames.size()];
        double sum = 0;
        for (int t = 0; t < w.length; t++) {
            Double v = given.get(taskNames.get(t));
            if (v == null) {
                throw new IllegalArgumentException("strategy fixed: no weight for task '" + taskNames.get(t) + "'; give one for each of: " + tasks);
            }
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("strategy fixed: weight of task '" + taskNames.get(t) + "' is " + v
                        + "; weights must be finite and >= 0");
            }
            w[t] = v;
            sum += v;
        }
        if (sum == 0) throw new IllegalArgumentException("strategy fixed: every weight is 0; give at least one task a positive weight");
        return w;
    }
}
