package mgdaunet.mgda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mgdaunet.autograd.Variable;
import mgdaunet.nn.Module;

/**
 * A shared trunk and named task heads on its output Z, as one module, so that state dicts,
 * checkpoints, {@code train()}/{@code eval()} and optimizers cover all of it: parameters are
 * {@code trunk.<...>} and {@code heads.<task>.<...>}.
 *
 * <p>{@link #forward} runs the trunk and every head (so that a summary lists every layer) and returns
 * Z; {@link #forwardAll} returns the heads' outputs. The strategies call the trunk and the heads
 * themselves, because where the graph is cut between them is what distinguishes them.
 */
public final class MultiTaskModel extends Module {
    private final Module trunk;
    private final List<Task> tasks;
    private final Map<String, Task> byName = new LinkedHashMap<>();

    public MultiTaskModel(Module trunk, List<Task> tasks) {
        if (trunk == null) throw new IllegalArgumentException("MultiTaskModel: trunk is null");
        if (tasks == null || tasks.isEmpty()) throw new IllegalArgumentException("MultiTaskModel: no tasks");
        this.trunk = registerModule("trunk", trunk);
        Heads heads = registerModule("heads", new Heads());
        for (Task t : tasks) {
            if (byName.putIfAbsent(t.name(), t) != null) {
                throw new IllegalArgumentException("MultiTaskModel: task '" + t.name() + "' appears twice");
            }
            heads.add(t.name(), t.head());
        }
        this.tasks = List.copyOf(tasks);
    }

    public Module trunk() {
        return trunk;
    }

    /** The tasks, in the order given (the order of weights, Gram matrices and cosines). */
    public List<Task> tasks() {
        return tasks;
    }

    /** The task names in order. */
    public List<String> taskNames() {
        List<String> names = new ArrayList<>(tasks.size());
        for (Task t : tasks) names.add(t.name());
        return Collections.unmodifiableList(names);
    }

    /** The task called {@code name}; the error lists the tasks there are. */
    public Task task(String name) {
        Task t = byName.get(name);
        if (t == null) throw new IllegalArgumentException("MultiTaskModel: unknown task '" + name + "' (tasks: " + String.join(", ", byName.keySet()) + ")");
        return t;
    }

    /** Each head's output for {@code input}, trunk run once; no graph under {@code Graph.noGrad()}. */
    public Map<String, Variable> forwardAll(Variable input) {
        Variable z = trunk.forward(input);
        Map<String, Variable> out = new LinkedHashMap<>();
        for (Task t : tasks) out.put(t.name(), t.head().forward(z));
        return out;
    }

    /** Runs the trunk and every head (for summaries); returns the shared representation Z. */
    @Override
    protected Variable compute(Variable input) {
        Variable z = trunk.forward(input);
        for (Task t : tasks) t.head().forward(z);
        return z;
    }

    @Override
    public String toString() {
        return "MultiTaskModel(" + trunk + "; " + String.join(", ", byName.keySet()) + ")";
    }

    /** The container of the heads: children named after the tasks; called by the model, not itself. */
    private static final class Heads extends Module {
        void add(String name, Module head) {
            registerModule(name, head);
        }

        @Override
        protected Variable compute(Variable x) {
            throw new UnsupportedOperationException("the heads of a MultiTaskModel have no joint forward: call each head");
        }
    }
}
