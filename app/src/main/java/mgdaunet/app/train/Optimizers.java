package mgdaunet.app.train;

import java.util.List;
import java.util.Locale;
import mgdaunet.app.UserInputException;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.optim.Adam;
import mgdaunet.nn.optim.Optimizer;
import mgdaunet.nn.optim.Sgd;

/** The {@code --optimizer} names: adam (default), adamw (decoupled weight decay), sgd (with --momentum). */
public final class Optimizers {
    public static final List<String> NAMES = List.of("adam", "adamw", "sgd");

    private Optimizers() {}

    /** The name, checked; an unknown one lists the choices. */
    public static String check(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) throw new UserInputException("unknown --optimizer '" + name + "'; optimizers: " + String.join(", ", NAMES));
        return n;
    }

    /** PyTorch's default weight decay of an optimizer: 0.01 for AdamW, 0 otherwise. */
    public static double defaultWeightDecay(String name) {
        return name.equals("adamw") ? 0.01 : 0;
    }

    public static Optimizer create(TrainConfig.Optimizer o, List<Variable> params) {
        return switch (o.name()) {
            case "adam" -> new Adam(params, Adam.Options.adam().withLr(o.lr()).withWeightDecay(o.weightDecay()));
            case "adamw" -> new Adam(params, Adam.Options.adamW().withLr(o.lr()).withWeightDecay(o.weightDecay()));
            case "sgd" -> new Sgd(params, Sgd.Options.of(o.lr()).withMomentum(o.momentum()).withWeightDecay(o.weightDecay()));
            default -> throw new UserInputException("unknown optimizer '" + o.name() + "'; optimizers: " + String.join(", ", NAMES));
        };
    }
}
