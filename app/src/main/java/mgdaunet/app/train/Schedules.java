package mgdaunet.app.train;

import java.util.Locale;
import mgdaunet.app.UserInputException;
import mgdaunet.nn.optim.LearningRateSchedule;

/**
 * The {@code --schedule} names: how the learning rate changes from epoch to epoch (the rate of an
 * epoch is a closed form of its number, so a resumed run needs nothing else).
 *
 * <pre>
 *   constant            the --lr every epoch (default)
 *   step:S:G            times G every S epochs (PyTorch's StepLR); "step" alone is step:10:0.85, Sener and Koltun's
 *   exponential:G       times G every epoch (ExponentialLR)
 *   cosine              cosine annealing to 0 over the run's epochs (CosineAnnealingLR)
 *   cosine:W            the same after W epochs of linear warm-up
 * </pre>
 */
public final class Schedules {
    /** The names, for help texts and errors. */
    public static final String NAMES = "constant, step[:S:G], exponential:G, cosine[:W]";

    private Schedules() {}

    /** The schedule named {@code spec} for a run of {@code epochs} epochs at base rate {@code lr}; a bad spec names the flag. */
    public static LearningRateSchedule parse(String spec, double lr, int epochs) {
        String s = spec.strip().toLowerCase(Locale.ROOT);
        String[] p = s.split(":", -1);
        try {
            return switch (p[0]) {
                case "constant" -> {
                    arity(spec, p, 0);
                    yield new LearningRateSchedule.Constant(lr);
                }
                case "step" -> {
                    if (p.length == 1) yield new LearningRateSchedule.Step(lr, 10, 0.85);
                    arity(spec, p, 2);
                    yield new LearningRateSchedule.Step(lr, whole(spec, p[1]), number(spec, p[2]));
                }
                case "exponential" -> {
                    arity(spec, p, 1);
                    yield new LearningRateSchedule.Exponential(lr, number(spec, p[1]));
                }
                case "cosine" -> {
                    int warmup = p.length == 1 ? 0 : whole(spec, p[1]);
                    if (p.length > 2) arity(spec, p, 1);
                    if (epochs <= warmup) throw new UserInputException("--schedule '" + spec + "': " + warmup + " warm-up epochs leave nothing of a run of " + epochs);
                    yield new LearningRateSchedule.Cosine(lr, epochs, 0, warmup);
                }
                default -> throw new UserInputException("unknown --schedule '" + spec + "'; schedules: " + NAMES);
            };
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--schedule '" + spec + "': " + e.getMessage(), e);
        }
    }

    private static void arity(String spec, String[] parts, int n) {
        if (parts.length != n + 1) {
            throw new UserInputException("--schedule '" + spec + "': '" + parts[0] + "' takes " + (n == 0 ? "no values" : n + " value" + (n > 1 ? "s" : ""))
                    + "; schedules: " + NAMES);
        }
    }

    private static int whole(String spec, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UserInputException("--schedule '" + spec + "': '" + text + "' is not a whole number");
        }
    }

    private static double number(String spec, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new UserInputException("--schedule '" + spec + "': '" + text + "' is not a number");
        }
    }
}
