package mgdaunet.nn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mgdaunet.autograd.Graph;
import mgdaunet.autograd.Variable;
import mgdaunet.tensor.Shape;
import mgdaunet.tensor.Tensor;

/**
 * A Keras-style summary of a model for one input shape: each layer that ran (by dotted name, with
 * its type), its output shape and its parameter count, then the totals. Taken by running one
 * forward pass on zeros in evaluation mode under no-grad, with every module reporting its output;
 * the model's modes and running statistics are left as they were.
 *
 * <p>A row is a layer: a module without children, or one with parameters of its own. A layer that
 * runs several times (a shared pooling layer) has a row per run, its parameters counted once in
 * the totals. Non-trainable values are the float buffers (batch-norm's running statistics), as
 * Keras counts them; integer counters are left out.
 */
public record Summary(String model, int[] inputShape, int[] outputShape, List<Row> rows, long trainable, long nonTrainable) {
    /** One layer's run: its dotted name, type, output shape and own parameter count. */
    public record Row(String name, String type, int[] outputShape, long parameters) {}

    public Summary {
        rows = List.copyOf(rows);
    }

    /** Runs {@code model} on zeros of {@code inputShape} and collects the rows. */
    public static Summary of(Module model, int... inputShape) {
        Map<Module, String> names = new IdentityHashMap<>();
        model.namedModules().forEach((n, m) -> names.put(m, n));
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        for (Module m : names.keySet()) modes.put(m, m.isTraining());

        List<Row> rows = new ArrayList<>();
        Variable[] out = new Variable[1];
        model.eval();
        try (var g = Graph.noGrad()) {
            Module.recording((m, y) -> {
                if (m.children().isEmpty() || !m.ownParameters().isEmpty()) {
                    String name = names.getOrDefault(m, "?");
                    String type = m.getClass().getSimpleName();
                    rows.add(new Row(name.isEmpty() ? "(" + type + ")" : name, type, y.shape(), ownCount(m)));
                }
            }, () -> out[0] = model.forward(Variable.constant(Tensor.zeros(inputShape))));
        } finally {
            modes.forEach((m, training) -> m.trainSelf(training));
        }
        long frozen = 0;
        var integers = model.integerStateNames();
        for (var e : model.namedBuffers().entrySet()) if (!integers.contains(e.getKey())) frozen += e.getValue().size();
        return new Summary(model.getClass().getSimpleName(), inputShape.clone(), out[0].shape(), rows, model.parameterCount(), frozen);
    }

    private static long ownCount(Module m) {
        long n = 0;
        for (Variable p : m.ownParameters().values()) n += p.value().size();
        return n;
    }

    /** The table, Keras's layout: a header, one line per row, the totals. */
    @Override
    public String toString() {
        List<String[]> cells = new ArrayList<>();
        for (Row r : rows) cells.add(new String[] {r.name() + " (" + r.type() + ")", Shape.str(r.outputShape()), grouped(r.parameters())});
        int w0 = "Layer (type)".length(), w1 = "Output shape".length(), w2 = "Param #".length();
        for (String[] c : cells) {
            w0 = Math.max(w0, c[0].length());
            w1 = Math.max(w1, c[1].length());
            w2 = Math.max(w2, c[2].length());
        }
        String fmt = "%-" + w0 + "s   %-" + w1 + "s   %" + w2 + "s%n";
        int width = w0 + w1 + w2 + 6;
        StringBuilder sb = new StringBuilder();
        sb.append("Model: ").append(model).append(", input ").append(Shape.str(inputShape)).append(", output ")
                .append(Shape.str(outputShape)).append(System.lineSeparator());
        sb.append("-".repeat(width)).append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, fmt, "Layer (type)", "Output shape", "Param #"));
        sb.append("=".repeat(width)).append(System.lineSeparator());
        for (String[] c : cells) sb.append(String.format(Locale.ROOT, fmt, c[0], c[1], c[2]));
        sb.append("=".repeat(width)).append(System.lineSeparator());
        sb.append("Total params: ").append(grouped(trainable + nonTrainable)).append(System.lineSeparator());
        sb.append("Trainable params: ").append(grouped(trainable)).append(System.lineSeparator());
        sb.append("Non-trainable params: ").append(grouped(nonTrainable)).append(" (running statistics)").append(System.lineSeparator());
        return sb.toString();
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
